// Text work done on bytes by the WebAssembly kernel (wasm/kernel.wat), before any string exists.
//
// decodeJsonStringBody: the body of a JSON string (a `sourcesContent` entry), unescaped in one pass
// that also counts "\n" escapes and says whether the result is ASCII: in place of JSON.parse, a
// line count over the text and a UTF-8 re-encoding for the hash. What it does not decode itself
// (control characters, bad escapes, lone surrogates, strings over 8 MiB, no WebAssembly) is left
// to JSON.parse by the caller.
//
// loadChunk + decodeLoadedString: the same for strings inside a piece of a streamed source map,
// copied into the kernel once; the decoder stops at the closing quote, so it also finds where
// each string ends.
//
// countLines, countNewlines: "\n" bytes counted 16 at a time (indexOf per line costs ~50 ns a call).
import { ensureMemory, instantiateKernel, type KernelExports } from '../wasm/kernel.js';

const MAX_BYTES = 8 * 1024 * 1024;
/** Largest piece of a stream the kernel holds at once (loadChunk). */
export const CHUNK_BYTES = 1 << 20;
const STATS = 0;
/** The loaded chunk: fixed, before the regions that grow, so growing them never moves it. */
const CHUNK = 64;
const SRC = CHUNK + CHUNK_BYTES + 64;

let kernel: KernelExports | null | undefined;
let capacity = 0;

/** The kernel with room for `bytes` of input at SRC (and as much output after it), or null. */
function kernelFor(bytes: number): KernelExports | null {
  if (kernel === undefined) kernel = instantiateKernel();
  if (!kernel) return null;
  if (bytes > capacity) {
    capacity = Math.max(bytes, CHUNK_BYTES);
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
  Buffer.from(k.memory.buffer).set(raw, SRC);
  const decoded = decode(k, SRC, raw.byteLength);
  // Stopped at a bare quote: not a string body (JSON.parse says why).
  return decoded && decoded.stop === raw.byteLength ? decoded : undefined;
}

/**
 * Copies a piece of a stream (at most CHUNK_BYTES) into the kernel, for decodeLoadedString; false
 * without WebAssembly. What is loaded is valid until the next call into this module.
 */
export function loadChunk(piece: Uint8Array): boolean {
  if (piece.byteLength > CHUNK_BYTES) return false;
  const k = kernelFor(CHUNK_BYTES);
  if (!k) return false;
  new Uint8Array(k.memory.buffer).set(piece, CHUNK);
  return true;
}

/**
 * A JSON string body read from `start` in the loaded chunk of `length` bytes, up to its closing
 * quote: `end` is the quote's index, or -1 when the chunk ends first (then `decoded` holds only
 * this chunk's part). Undefined when JSON.parse must decide, or the chunk's end cuts an escape.
 */
export function decodeLoadedString(start: number, length: number): { end: number; decoded: DecodedString } | undefined {
  const k = kernel!;
  const decoded = decode(k, CHUNK + start, length - start);
  if (!decoded) return undefined;
  return { end: decoded.stop < length - start ? start + decoded.stop : -1, decoded };
}

function decode(k: KernelExports, src: number, length: number): (DecodedString & { stop: number }) | undefined {
  const dst = SRC + capacity;
  const written = k.unescape(src, length, dst, STATS);
  if (written < 0) return undefined;
  const memory = Buffer.from(k.memory.buffer);
  return { utf8: memory.subarray(dst, dst + written), newlines: memory.readInt32LE(STATS), ascii: memory.readInt32LE(STATS + 4) === 0, stop: memory.readInt32LE(STATS + 8) };
}

const SMALL = 4096;

/** Lines as an editor counts them: "\n" characters, plus one for a last line without one; 0 for empty text. */
export function countLines(utf8: Uint8Array): number {
  const n = utf8.byteLength;
  if (n === 0) return 0;
  return countNewlines(utf8) + (utf8[n - 1] === 0x0a ? 0 : 1);
}

/** Number of "\n" bytes. */
export function countNewlines(utf8: Uint8Array): number {
  const n = utf8.byteLength;
  const k = n > SMALL ? kernelFor(Math.min(n, MAX_BYTES)) : null;
  if (!k) {
    let count = 0;
    for (let i = utf8.indexOf(0x0a); i !== -1; i = utf8.indexOf(0x0a, i + 1)) count++;
    return count;
  }
  const memory = new Uint8Array(k.memory.buffer);
  let count = 0;
  for (let at = 0; at < n; at += capacity) {
    const piece = utf8.subarray(at, Math.min(n, at + capacity));
    memory.set(piece, SRC);
    count += k.count(SRC, piece.byteLength, 0x0a);
  }
  return count;
}
