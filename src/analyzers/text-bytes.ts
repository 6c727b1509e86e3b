// Text work done on bytes by the WebAssembly kernel (wasm/kernel.wat), before any string exists.
//
// decodeJsonStringBody: the body of a JSON string (a `sourcesContent` entry), unescaped in one pass
// that also counts "\n" escapes and says whether the result is ASCII: in place of JSON.parse, a
// line count over the text and a UTF-8 re-encoding for the hash. What it does not decode itself
// (control characters, bad escapes, lone surrogates, strings over 8 MiB, no WebAssembly) is left
// to JSON.parse by the caller.
//
// countLines: lines of UTF-8 text, counted 16 bytes at a time (indexOf per line costs ~50 ns a call).
import { ensureMemory, instantiateKernel, type KernelExports } from '../wasm/kernel.js';

const MAX_BYTES = 8 * 1024 * 1024;
const STATS = 0;
const SRC = 16;

let kernel: KernelExports | null | undefined;
let capacity = 0;

/** The kernel with room for `bytes` of input at SRC (and as much output after it), or null. */
function kernelFor(bytes: number): KernelExports | null {
  if (kernel === undefined) kernel = instantiateKernel();
  if (!kernel) return null;
  if (bytes > capacity) {
    capacity = Math.max(bytes, 1 << 20);
    ensureMemory(kernel, SRC + 2 * capacity + 16);
  }
  return kernel;
}

export interface DecodedString {
  /** The decoded bytes (UTF-8 as written: invalid sequences are kept). Valid until the next call. */
  utf8: Buffer;
  /** Every byte is below 0x80. */
  ascii: boolean;
  /** Number of "\n" characters. */
  newlines: number;
}

/** The bytes between a JSON string's quotes, decoded; undefined when JSON.parse should decide. */
export function decodeJsonStringBody(raw: Uint8Array): DecodedString | undefined {
  if (raw.byteLength > MAX_BYTES) return undefined;
  const k = kernelFor(raw.byteLength);
  if (!k) return undefined;
  const dst = SRC + capacity;
  const memory = Buffer.from(k.memory.buffer);
  memory.set(raw, SRC);
  const length = k.unescape(SRC, raw.byteLength, dst, STATS);
  if (length < 0) return undefined;
  return { utf8: memory.subarray(dst, dst + length), newlines: memory.readInt32LE(STATS), ascii: memory.readInt32LE(STATS + 4) === 0 };
}

const SMALL = 4096;

/** Lines as an editor counts them: "\n" characters, plus one for a last line without one; 0 for empty text. */
export function countLines(utf8: Uint8Array): number {
  const n = utf8.byteLength;
  if (n === 0) return 0;
  const last = utf8[n - 1] === 0x0a ? 0 : 1;
  const k = n > SMALL ? kernelFor(Math.min(n, MAX_BYTES)) : null;
  if (!k) {
    let count = 0;
    for (let i = utf8.indexOf(0x0a); i !== -1; i = utf8.indexOf(0x0a, i + 1)) count++;
    return count + last;
  }
  const memory = new Uint8Array(k.memory.buffer);
  let count = 0;
  for (let at = 0; at < n; at += capacity) {
    const piece = utf8.subarray(at, Math.min(n, at + capacity));
    memory.set(piece, SRC);
    count += k.count(SRC, piece.byteLength, 0x0a);
  }
  return count + last;
}
