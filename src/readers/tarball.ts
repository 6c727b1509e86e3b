// Reads a .tgz/.tar.gz/.tar as a stream: gunzip + tar entries, never extracted, never whole in memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip, type Gunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { ShipgateError } from '../errors.js';
import type { Limits } from '../policy/config.js';
import type { EntryHeader, EntryType } from '../types.js';
import { memberPath, normaliseEntryPath, stripTopFolder } from '../util/paths.js';
import { TarHeaderAudit } from './tar-header-audit.js';
import type { EntryVisitor, ReadSummary } from './visitor.js';

export interface TarballReadOptions {
  limits: Limits;
  /** Strip the single top folder (`package/`), as npm does. True for npm tarballs, false for nested archives. */
  stripTop: boolean;
  /** For nested archives: the path of the containing entry. */
  container?: string;
  depth?: number;
  /** Name shown in errors. */
  label?: string;
}

const TYPE_MAP: Record<string, EntryType> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'directory',
  GNUDumpDir: 'directory',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
};

const MiB = 1024 * 1024;
const CHUNK = 1024 * 1024;

export async function readTarball(
  source: string | Buffer,
  visitor: EntryVisitor,
  options: TarballReadOptions,
): Promise<ReadSummary> {
  const { limits, stripTop } = options;
  const depth = options.depth ?? 0;
  const label = options.label ?? (typeof source === 'string' ? source : 'archive');
  const integrity = createHash('sha512');
  const parser = new Parser({ strict: true });

  let packed = 0;
  let unpacked = 0;
  let entryCount = 0;
  let rootPrefix: string | undefined;
  const seen = new Set<string>();
  const foreignTops = new Set<string>();
  let failure: Error | undefined;

  const pathOf = (raw: string): string => {
    let rel = normaliseEntryPath(raw).path;
    if (stripTop && rootPrefix) {
      const { top, rest } = stripTopFolder(rel);
      if (top === rootPrefix && rest) rel = rest;
    }
    return options.container ? memberPath(options.container, rel) : rel;
  };
  const fail = (e: Error): void => {
    if (!failure) failure = e;
  };

  parser.on('error', (err: Error & { code?: string }) => fail(describeTarError(err, label)));

  parser.on('entry', (entry: ReadEntry) => {
    if (failure) {
      entry.resume();
      return;
    }
    entryCount++;
    if (entryCount > limits.maxEntries) {
      fail(new ShipgateError('ELIMIT', `${label}: more than ${limits.maxEntries} entries (limits.maxEntries)`, 'raise limits.maxEntries in shipgate.config.json if this archive is legitimate'));
      entry.resume();
      return;
    }
    const rawPath = entry.path;
    const type = TYPE_MAP[entry.type] ?? 'other';
    const norm = normaliseEntryPath(rawPath);
    let rel = norm.path;
    if (stripTop) {
      const { top, rest } = stripTopFolder(rel);
      if (rootPrefix === undefined) rootPrefix = rest === '' && type !== 'directory' ? '' : top;
      if (rest === '' && type === 'directory') {
        entry.resume();
        return;
      }
      if (top !== rootPrefix || rest === '') {
        if (!foreignTops.has(top)) {
          foreignTops.add(top);
          visitor.onAnomaly({ kind: 'no-common-root', path: rel, detail: `entry "${rawPath}" is outside the package's top folder "${rootPrefix}/"; npm strips the first folder of every entry, so this lands somewhere unexpected on install` });
        }
      } else {
        rel = rest;
      }
    }
    const path = options.container ? memberPath(options.container, rel) : rel;
    if (norm.traversal) visitor.onAnomaly({ kind: 'path-traversal', path, detail: `entry path "${rawPath}" contains ".."` });
    if (norm.absolute) visitor.onAnomaly({ kind: 'absolute-path', path, detail: `entry path "${rawPath}" is absolute` });
    if (seen.has(path) && type !== 'directory') {
      visitor.onAnomaly({ kind: 'duplicate-path', path, detail: `"${path}" appears more than once; the last copy wins on extraction, so what a reviewer sees may not be what installs` });
    }
    seen.add(path);
    if (type === 'symlink' || type === 'hardlink') {
      visitor.onAnomaly({ kind: type, path, detail: `${type} to "${entry.linkpath ?? ''}" (reported, not followed)` });
    } else if (type === 'other') {
      visitor.onAnomaly({ kind: 'special-entry', path, detail: `entry of type ${entry.type} has no place in a package` });
    }

    const header: EntryHeader = {
      path,
      rawPath,
      type,
      size: type === 'file' ? entry.size : 0,
      mode: entry.mode,
      linkTarget: entry.linkpath || undefined,
      depth,
      container: options.container,
    };
    const sink = visitor.onEntry(header);
    if (!sink || type !== 'file') {
      entry.on('data', (c: Buffer) => {
        unpacked += c.length;
      });
      entry.resume();
      return;
    }
    entry.on('data', (chunk: Buffer) => {
      if (failure) return;
      unpacked += chunk.length;
      if (unpacked > limits.maxUnpackedBytes) {
        fail(new ShipgateError('ELIMIT', `${label}: decompresses to more than ${Math.round(limits.maxUnpackedBytes / MiB)} MiB (limits.maxUnpackedBytes); refusing to read further`, 'a gzip bomb, or raise limits.maxUnpackedBytes'));
        return;
      }
      if (unpacked > 64 * MiB && unpacked / Math.max(packed, 1) > limits.maxCompressionRatio) {
        fail(new ShipgateError('ELIMIT', `${label}: compression ratio above ${limits.maxCompressionRatio}:1 after ${Math.round(unpacked / MiB)} MiB (limits.maxCompressionRatio); looks like a decompression bomb`, 'raise limits.maxCompressionRatio if this archive is legitimate'));
        return;
      }
      sink.write(chunk);
    });
    entry.on('end', () => {
      if (!failure) sink.end();
    });
  });

  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('close', resolve);
  });

  // Decompress here rather than inside node-tar, so the header audit sees the raw tar stream.
  const audit = new TarHeaderAudit();
  let gunzip: Gunzip | undefined;
  let gunzipDone: Promise<void> | undefined;
  const toTar = (chunk: Buffer): void => {
    if (failure) return;
    audit.write(chunk);
    parser.write(chunk);
  };
  const feed = async (chunk: Buffer): Promise<void> => {
    integrity.update(chunk);
    if (packed === 0 && chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
      const z = createGunzip({ chunkSize: 256 * 1024 });
      z.on('data', toTar);
      gunzipDone = new Promise<void>((resolve) => {
        z.on('end', resolve);
        z.on('error', (err: Error & { code?: string }) => {
          fail(describeTarError(err, label));
          resolve();
        });
      });
      gunzip = z;
    }
    packed += chunk.length;
    if (!gunzip) return toTar(chunk);
    if (!gunzip.write(chunk)) await new Promise<void>((resolve) => gunzip!.once('drain', resolve).once('error', () => resolve()));
  };

  if (typeof source === 'string') {
    const stream = createReadStream(source, { highWaterMark: CHUNK });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        await feed(chunk);
        if (failure) break;
      }
    } catch (e) {
      stream.destroy();
      const err = e as NodeJS.ErrnoException;
      throw new ShipgateError('EREAD', `cannot read ${label}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    }
    stream.destroy();
  } else {
    for (let i = 0; i < source.length && !failure; i += CHUNK) await feed(source.subarray(i, i + CHUNK));
  }
  if (gunzip) {
    if (failure) gunzip.destroy();
    else {
      gunzip.end();
      await gunzipDone;
    }
  }
  if (!failure) {
    if (packed === 0) fail(new ShipgateError('EFORMAT', `${label}: empty file, not a tar or gzip archive`));
    else parser.end();
  }
  if (!failure) await done;
  if (failure) {
    parser.removeAllListeners('entry');
    throw failure;
  }
  for (const m of audit.mismatches) {
    visitor.onAnomaly({ kind: 'size-mismatch', path: pathOf(m.rawPath), detail: `PAX header says ${m.paxSize} bytes, ustar header says ${m.ustarSize}; tools that ignore PAX split this archive differently (a smuggling trick)` });
  }
  if (entryCount === 0) throw new ShipgateError('EFORMAT', `${label}: archive holds no entries`);
  return {
    integrity: `sha512-${integrity.digest('base64')}`,
    packedSize: packed,
    unpackedSize: unpacked,
    entryCount,
    rootPrefix: rootPrefix ? `${rootPrefix}/` : '',
  };
}

function describeTarError(err: Error & { code?: string }, label: string): ShipgateError {
  const code = err.code ?? '';
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) {
    return new ShipgateError('ETRUNCATED', `${label}: truncated gzip data (unexpected end of file)`, 'the file is incomplete; re-download or re-pack it');
  }
  if (code.startsWith('Z_')) {
    return new ShipgateError('ECORRUPT', `${label}: corrupt gzip data (${err.message.replace(/^zlib: /, '')})`, 'the file is damaged or not a gzip archive');
  }
  if (/Truncated input/.test(err.message)) {
    return new ShipgateError('ETRUNCATED', `${label}: truncated tar data (${err.message.replace(/^TAR_BAD_ARCHIVE: /, '')})`, 'the file is incomplete; re-download or re-pack it');
  }
  if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ENTRY_INVALID') {
    return new ShipgateError('EFORMAT', `${label}: not a tar archive (${err.message.replace(/^TAR_[A-Z_]+: /, '')})`, 'shipgate scan expects a .tgz, .tar.gz or .tar file, or a package directory');
  }
  return new ShipgateError('EFORMAT', `${label}: cannot read archive (${err.message})`);
}
