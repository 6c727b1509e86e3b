// Walks the raw 512-byte tar headers beside node-tar, to see what node-tar (rightly) hides: a PAX
// `size` that disagrees with the ustar `size` field. Tools that ignore PAX and tools that honour it
// then split the stream at different places: a file-smuggling trick. Follows node-tar's reading of
// the stream (PAX size wins, directories have no body) and stops at the first header it cannot read.

export interface SizeMismatch {
  rawPath: string;
  paxSize: number;
  ustarSize: number;
}

const MAX_PAX_BODY = 1024 * 1024;
const MAX_REPORTS = 100;

function pad512(n: number): number {
  return Math.ceil(n / 512) * 512;
}

function cstring(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function parseSize(block: Buffer): number | undefined {
  if (block[124]! & 0x80) {
    let n = 0;
    for (let i = 125; i < 136; i++) n = n * 256 + block[i]!;
    return n;
  }
  const text = block.toString('latin1', 124, 136).replace(/[\0 ]+$/g, '').trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

function checksumValid(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  const stored = parseInt(block.toString('latin1', 148, 156).replace(/[\0 ]+/g, ''), 8);
  return stored === sum;
}

export class TarHeaderAudit {
  readonly mismatches: SizeMismatch[] = [];
  private readonly header = Buffer.alloc(512);
  private fill = 0;
  private skip = 0;
  private collecting: { kind: 'pax' | 'longname'; parts: Buffer[]; size: number } | undefined;
  private collectRemain = 0;
  private paxSize: number | undefined;
  private paxPath: string | undefined;
  private longName: string | undefined;
  private stopped = false;

  write(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        if (this.collecting && this.collectRemain > 0) {
          const take = Math.min(n, this.collectRemain);
          this.collecting.parts.push(Buffer.from(chunk.subarray(i, i + take)));
          this.collectRemain -= take;
        }
        this.skip -= n;
        i += n;
        if (this.skip === 0 && this.collecting) this.finishCollect();
        continue;
      }
      const n = Math.min(512 - this.fill, chunk.length - i);
      chunk.copy(this.header, this.fill, i, i + n);
      this.fill += n;
      i += n;
      if (this.fill === 512) {
        this.fill = 0;
        this.onHeader();
      }
    }
  }

  private onHeader(): void {
    const block = this.header;
    if (block.every((b) => b === 0)) return;
    if (!checksumValid(block)) {
      this.stopped = true; // node-tar reports the archive itself as broken
      return;
    }
    const type = String.fromCharCode(block[156]!);
    const size = parseSize(block);
    if (size === undefined) {
      this.stopped = true;
      return;
    }
    if (type === 'x' || type === 'L') {
      this.skip = pad512(size);
      if (size > MAX_PAX_BODY) return;
      this.collecting = { kind: type === 'x' ? 'pax' : 'longname', parts: [], size };
      this.collectRemain = size;
      if (size === 0) this.finishCollect();
      return;
    }
    if (type === 'g' || type === 'K') {
      this.skip = pad512(size);
      return;
    }
    const magic = block.toString('latin1', 257, 262);
    const prefix = magic === 'ustar' ? cstring(block, 345, 155) : '';
    const name = cstring(block, 0, 100);
    const rawPath = this.paxPath ?? this.longName ?? (prefix ? `${prefix}/${name}` : name);
    const effective = this.paxSize ?? size;
    if (this.paxSize !== undefined && this.paxSize !== size && this.mismatches.length < MAX_REPORTS) {
      this.mismatches.push({ rawPath, paxSize: this.paxSize, ustarSize: size });
    }
    this.paxSize = undefined;
    this.paxPath = undefined;
    this.longName = undefined;
    this.skip = type === '5' ? 0 : pad512(effective);
  }

  private finishCollect(): void {
    const c = this.collecting!;
    this.collecting = undefined;
    const body = Buffer.concat(c.parts).toString('utf8');
    if (c.kind === 'longname') {
      this.longName = body.replace(/\0.*$/s, '');
      return;
    }
    // PAX records: "<len> <key>=<value>\n"
    for (const m of body.matchAll(/^\d+ ([^=\n]+)=([^\n]*)$/gm)) {
      if (m[1] === 'size' && /^\d+$/.test(m[2]!)) this.paxSize = Number(m[2]);
      if (m[1] === 'path') this.paxPath = m[2];
    }
  }
}
