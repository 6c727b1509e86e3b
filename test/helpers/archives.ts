// Builders for hostile and ordinary archives, byte by byte, so tests control every header field.
import { gzipSync, deflateRawSync } from 'node:zlib';
import { Header, Pax } from 'tar';

export interface TarEntrySpec {
  path: string;
  content?: string | Buffer;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
  linkpath?: string;
  /** Size written in the ustar header (defaults to the content length). */
  headerSize?: number;
  /** Adds a PAX extended header carrying this size. */
  paxSize?: number;
  mode?: number;
}

function pad512(n: number): number {
  return Math.ceil(n / 512) * 512;
}

export function tarBuffer(entries: TarEntrySpec[], options: { end?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const content = e.content === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
    const type = e.type ?? 'File';
    if (e.paxSize !== undefined) {
      blocks.push(new Pax({ path: e.path, size: e.paxSize }).encode());
    }
    const header = new Header({
      path: e.path,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      size: e.headerSize ?? (type === 'File' ? content.length : 0),
      mtime: new Date('1985-10-26T08:15:00Z'),
      type,
      linkpath: e.linkpath ?? '',
      uid: 0,
      gid: 0,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (type === 'File' && content.length) {
      const body = Buffer.alloc(pad512(content.length));
      content.copy(body);
      blocks.push(body);
    }
  }
  if (options.end !== false) blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A gzipped npm-style tarball: every path gets the `package/` prefix unless it starts with `/` or `!raw:`. */
export function npmTarball(files: Record<string, string | Buffer>, extra: TarEntrySpec[] = []): Buffer {
  const entries: TarEntrySpec[] = Object.entries(files).map(([p, content]) => ({ path: `package/${p}`, content }));
  return gzipSync(tarBuffer([...entries, ...extra]));
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntrySpec {
  name: string;
  content: string | Buffer;
  method?: 'store' | 'deflate';
  /** Lie about the uncompressed size in the headers (for bomb/ratio tests). */
  declaredSize?: number;
}

/** A minimal zip writer (local headers, central directory, end record). */
export function zipBuffer(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
    const method = e.method === 'deflate' ? 8 : 0;
    const body = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const size = e.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.name.endsWith('/') ? 0o40755 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A source map with sourcesContent for the given original files. */
export function sourceMap(file: string, sources: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 3, file, sources: Object.keys(sources), sourcesContent: Object.values(sources), names: [], mappings: 'AAAA;AACA', ...extra });
}
