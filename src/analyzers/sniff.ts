// Content sniffing: what a file is, from its bytes rather than its name.

/** Binary if a NUL byte appears in the first 8000 bytes (git's heuristic). */
export function looksBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, 8000).indexOf(0) !== -1;
}

export type ArchiveFormat = 'zip' | 'tgz' | 'tar';

export function archiveFormat(buf: Uint8Array): ArchiveFormat | undefined {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 0x03 || buf[2] === 0x05) && (buf[3] === 0x04 || buf[3] === 0x06)) return 'zip';
  if (buf.length >= 3 && buf[0] === 0x1f && buf[1] === 0x8b && buf[2] === 0x08) return 'tgz';
  if (buf.length >= 262 && buf[257] === 0x75 && buf[258] === 0x73 && buf[259] === 0x74 && buf[260] === 0x61 && buf[261] === 0x72) return 'tar';
  return undefined;
}

const GENERATED_EXT = /\.(?:[cm]?js|jsx|css)$/i;

/** Files whose `sourceMappingURL` comments matter. */
export function isGeneratedCode(path: string): boolean {
  return GENERATED_EXT.test(path);
}

export function isSourceMapPath(path: string): boolean {
  return /\.map$/i.test(path);
}
