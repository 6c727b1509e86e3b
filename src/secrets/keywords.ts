// Aho–Corasick over ASCII, case-insensitive: every occurrence of every keyword in one pass.
// Measured on the benchmark package, one case-insensitive regex alternation of the ~130 detector
// keywords cost ~7-10 ns per character. The automaton is a dense transition table; the scan loop
// runs in a 200-byte WebAssembly kernel (keywords.wat, ~2.4 ns per byte here, copy included),
// with the same loop in JavaScript as the fallback and as the reference it is tested against.

const ALPHABET = 128;

function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/** keywords.wat compiled by wabt (test/secrets/keywords.test.ts recompiles it and compares). */
export const KEYWORDS_WASM_BASE64 =
  'AGFzbQEAAAABCwFgBn9/f39/fwF/AwIBAAUDAQABBxECBm1lbW9yeQIABHNjYW4AAAqUAQGRAQEEfwJAA0AgBiABTw0BIAAgBmotAAAhByAHQYABTwRAQQAhAwUgAiADQQd0IAdqQQJ0aigCACEJIAlBAEgEQEEAIAlrIQMgCCAFSQRAIAQgCEEDdGogBjYCACAEIAhBA3RBBGpqIAM2AgAgCEEBaiEICwUgCSEDCwsgBkEBaiEGDAALCyAEQQRrIAg2AgAgAws=';

interface Kernel {
  scan(textPtr: number, len: number, tablePtr: number, state: number, hitsPtr: number, maxHits: number): number;
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

/** The part of the WebAssembly global this file uses (Node has it; its types are not in our lib set). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const WINDOW = 1 << 20;
const MAX_HITS = 1 << 16;

export class KeywordMatcher {
  readonly keywords: readonly string[];
  /** next[state * 128 + char]: the target state, negated when the target has outputs. */
  private readonly next: Int32Array;
  /** For each state, the indexes of keywords ending there (own and via failure links). */
  private readonly outputs: ReadonlyArray<readonly number[]>;
  private readonly lengths: Int32Array;
  private kernel: { exports: Kernel; table: number; hits: number; text: number; bytes: Uint8Array } | null | undefined;

  constructor(keywords: readonly string[], options: { wasm?: boolean } = {}) {
    for (const k of keywords) {
      if (k.length === 0 || [...k].some((ch) => ch.charCodeAt(0) >= ALPHABET)) throw new Error(`keyword must be non-empty ASCII: ${JSON.stringify(k)}`);
    }
    this.keywords = keywords;
    this.lengths = Int32Array.from(keywords, (k) => k.length);
    const goto: Array<Map<number, number>> = [new Map()];
    const own: number[][] = [[]];
    keywords.forEach((k, index) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const c = fold(k.charCodeAt(i));
        let t = goto[s]!.get(c);
        if (t === undefined) {
          t = goto.length;
          goto.push(new Map());
          own.push([]);
          goto[s]!.set(c, t);
        }
        s = t;
      }
      own[s]!.push(index);
    });
    const states = goto.length;
    const next = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const outputs: number[][] = new Array(states);
    outputs[0] = own[0]!;
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const t = goto[0]!.get(c);
      if (t !== undefined) {
        next[c] = t;
        queue.push(t);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      outputs[s] = [...own[s]!, ...outputs[fail[s]!]!];
      for (let c = 0; c < ALPHABET; c++) {
        const t = goto[s]!.get(c);
        if (t !== undefined) {
          fail[t] = next[fail[s]! * ALPHABET + c]!;
          next[s * ALPHABET + c] = t;
          queue.push(t);
        } else {
          next[s * ALPHABET + c] = next[fail[s]! * ALPHABET + c]!;
        }
      }
    }
    // Upper-case letters move like lower-case ones; targets with outputs are marked negative.
    for (let s = 0; s < states; s++) {
      for (let c = 0x41; c <= 0x5a; c++) next[s * ALPHABET + c] = next[s * ALPHABET + c + 32]!;
      for (let c = 0; c < ALPHABET; c++) {
        const t = next[s * ALPHABET + c]!;
        if (t > 0 && outputs[t]!.length) next[s * ALPHABET + c] = -t;
      }
    }
    this.next = next;
    this.outputs = outputs;
    if (options.wasm === false) this.kernel = null;
  }

  /** Calls `onMatch(keywordIndex, start)` for every occurrence, in order of the match's end. */
  scan(text: string, onMatch: (keyword: number, start: number) => void): void {
    const kernel = this.loadKernel();
    if (kernel && text.length > 256) this.scanWasm(kernel, text, onMatch);
    else this.scanJs(text, onMatch);
  }

  /** The reference loop. */
  scanJs(text: string, onMatch: (keyword: number, start: number) => void): void {
    const { next, outputs, lengths } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      const t = next[state * ALPHABET + c]!;
      if (t < 0) {
        state = -t;
        const out = outputs[state]!;
        for (let k = 0; k < out.length; k++) onMatch(out[k]!, i - lengths[out[k]!]! + 1);
      } else state = t;
    }
  }

  private scanWasm(kernel: NonNullable<KeywordMatcher['kernel']>, text: string, onMatch: (keyword: number, start: number) => void): void {
    const { exports, table, hits, text: textPtr, bytes } = kernel;
    const { outputs, lengths } = this;
    const encoder = new TextEncoder();
    const view = new Int32Array(exports.memory.buffer);
    let state = 0;
    for (let base = 0; base < text.length; base += WINDOW) {
      const piece = text.slice(base, base + WINDOW);
      const { read, written } = encoder.encodeInto(piece, bytes.subarray(textPtr, textPtr + WINDOW * 3));
      if (written !== read || read !== piece.length) {
        // Not pure ASCII: byte offsets would not be string offsets; the reference loop handles it.
        this.scanJs(text, onMatch);
        return;
      }
      state = exports.scan(textPtr, written, table, state, hits, MAX_HITS);
      const count = view[(hits - 4) >> 2]!;
      if (count >= MAX_HITS) {
        this.scanJs(text, onMatch);
        return;
      }
      for (let h = 0; h < count; h++) {
        const end = view[(hits >> 2) + h * 2]! + base;
        const out = outputs[view[(hits >> 2) + h * 2 + 1]!]!;
        for (let k = 0; k < out.length; k++) onMatch(out[k]!, end - lengths[out[k]!]! + 1);
      }
    }
  }

  private loadKernel(): KeywordMatcher['kernel'] {
    if (this.kernel !== undefined) return this.kernel;
    try {
      const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
      if (!wasm) throw new Error('no WebAssembly');
      const module = new wasm.Module(Buffer.from(KEYWORDS_WASM_BASE64, 'base64'));
      const instance = new wasm.Instance(module, {});
      const exports = instance.exports as unknown as Kernel;
      const table = 0;
      const hits = table + this.next.byteLength + 8;
      const textPtr = hits + MAX_HITS * 8;
      const need = textPtr + WINDOW * 3;
      const pages = Math.ceil(need / 65536) - exports.memory.buffer.byteLength / 65536;
      if (pages > 0) exports.memory.grow(pages);
      const bytes = new Uint8Array(exports.memory.buffer);
      new Int32Array(exports.memory.buffer, table, this.next.length).set(this.next);
      this.kernel = { exports, table, hits, text: textPtr, bytes };
    } catch {
      this.kernel = null; // no WebAssembly: the JavaScript loop does the same work
    }
    return this.kernel;
  }
}
