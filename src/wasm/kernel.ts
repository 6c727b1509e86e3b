// shipgate's WebAssembly kernel (kernel.wat): the keyword automaton's scan loop, a JSON string
// decoder and a byte counter. Each user instantiates it with its own memory; the module is compiled once per thread.

/** kernel.wat compiled by wabt (test/wasm/kernel.test.ts recompiles it and compares). */
export const KERNEL_WASM_BASE64 =
  'AGFzbQEAAAABLAVgBn9/f39/fwF/YAh/f39/f39/fwF/YAJ/fwF/YAN/f38Bf2AEf39/fwF/AwkIAAECAgMDBAMFAwEAAQckBAZtZW1vcnkCAARzY2FuAAAIdW5lc2NhcGUABgVjb3VudAAHCs8RCJgIARJ/IAIgAWtBA2pBAnYhBiAAIAFqIQsgACACIAEgBmoQAmohDiAAIAIgASAGQQF0ahACaiERIAAgAiABIAZBA2xqEAJqIRQgACACaiEXIAAhDCAAIA4gBWsQAyEPIAAgESAFaxADIRIgACAUIAVrEAMhFSAOIAxrIQcgByARIA9rEAIhByAHIBQgEmsQAiEHIAcgFyAVaxACIQcgDCAHQX5xaiEKAkACQANAIAwgCk8NASANIAwtAAAtAABqKAKAAiEJIAkhDSAJQQBIBEBBACAJayENIAwgC08EQCAIIARPDQQgAyAIQQN0aiAMIABrNgIAIAMgCEEDdGogDTYCBCAIQQFqIQgLCyAQIA8tAAAtAABqKAKAAiEJIAkhECAJQQBIBEBBACAJayEQIA8gDk8EQCAIIARPDQQgAyAIQQN0aiAPIABrNgIAIAMgCEEDdGogEDYCBCAIQQFqIQgLCyATIBItAAAtAABqKAKAAiEJIAkhEyAJQQBIBEBBACAJayETIBIgEU8EQCAIIARPDQQgAyAIQQN0aiASIABrNgIAIAMgCEEDdGogEzYCBCAIQQFqIQgLCyAWIBUtAAAtAABqKAKAAiEJIAkhFiAJQQBIBEBBACAJayEWIBUgFE8EQCAIIARPDQQgAyAIQQN0aiAVIABrNgIAIAMgCEEDdGogFjYCBCAIQQFqIQgLCyANIAwtAAEtAABqKAKAAiEJIAkhDSAJQQBIBEBBACAJayENIAxBAWogC08EQCAIIARPDQQgAyAIQQN0aiAMQQFqIABrNgIAIAMgCEEDdGogDTYCBCAIQQFqIQgLCyAQIA8tAAEtAABqKAKAAiEJIAkhECAJQQBIBEBBACAJayEQIA9BAWogDk8EQCAIIARPDQQgAyAIQQN0aiAPQQFqIABrNgIAIAMgCEEDdGogEDYCBCAIQQFqIQgLCyATIBItAAEtAABqKAKAAiEJIAkhEyAJQQBIBEBBACAJayETIBJBAWogEU8EQCAIIARPDQQgAyAIQQN0aiASQQFqIABrNgIAIAMgCEEDdGogEzYCBCAIQQFqIQgLCyAWIBUtAAEtAABqKAKAAiEJIAkhFiAJQQBIBEBBACAJayEWIBVBAWogFE8EQCAIIARPDQQgAyAIQQN0aiAVQQFqIABrNgIAIAMgCEEDdGogFjYCBCAIQQFqIQgLCyAMQQJqIQwgD0ECaiEPIBJBAmohEiAVQQJqIRUMAAsLIAAgDCAOIA0gCyADIAggBBABIQggCEEASA0AIAAgDyARIBAgDiADIAggBBABIQggCEEASA0AIAAgEiAUIBMgESADIAggBBABIQggCEEASA0AIAAgFSAXIBYgFCADIAggBBABIQggCEEASA0AIAgPCyAEQQFqC3cBAX8CQANAIAEgAk8NASADIAEtAAAtAABqKAKAAiEIIAghAyAIQQBIBEBBACAIayEDIAEgBE8EQCAGIAdPBEBBfw8LIAUgBkEDdGogASAAazYCACAFIAZBA3RqIAM2AgQgBkEBaiEGCwsgAUEBaiEBDAALCyAGCwwAIAAgASAAIAFJGwsMACAAIAEgACABShsLjwEBBH8gAUEEaiACSwRAQX8PCwNAIAAgASADamotAAAhBUF/IQYgBUEwTyAFQTlNcQRAIAVBMGshBgsgBUHhAE8gBUHmAE1xBEAgBUHXAGshBgsgBUHBAE8gBUHGAE1xBEAgBUE3ayEGCyAGQQBIBEBBfw8LIARBBHQgBnIhBCADQQFqIQMgA0EESQ0ACyAEC8wBAQF/IAAgAWohAyACQYABSQRAIAMgAjoAACABQQFqDwsgAkGAEEkEQCADQcABIAJBBnZyOgAAIANBgAEgAkE/cXI6AAEgAUECag8LIAJBgIAESQRAIANB4AEgAkEMdnI6AAAgA0GAASACQQZ2QT9xcjoAASADQYABIAJBP3FyOgACIAFBA2oPCyADQfABIAJBEnZyOgAAIANBgAEgAkEMdkE/cXI6AAEgA0GAASACQQZ2QT9xcjoAAiADQYABIAJBP3FyOgADIAFBBGoL2QQCCX8CewJAAkADQAJAA0AgBEEQaiABSw0BIAAgBGr9AAQAIQ0gAiAFaiAN/QsEACANQdwA/Q/9IyANQSL9D/0j/VAgDUEg/Q/9Jv1Q/WQhDCAMBEAgDf1kQQEgDGh0QQFrcQRAQYABIQsLIAQgDGhqIQQgBSAMaGohBQwCCyAOIA39UCEOIARBEGohBCAFQRBqIQUMAAsLIAQgAU8NASAAIARqLQAAIQYgBkEiRg0BIARBAWohBCAGQSBJDQIgBkHcAEcEQCACIAVqIAY6AAAgBUEBaiEFIAsgBnIhCwwBCyAEIAFPDQIgACAEai0AACEHIARBAWohBCAHQfUARgRAIAAgBCABEAQhCCAIQQBIDQMgBEEEaiEEIAhBgPADcUGAsANGBEAgCEGAuANPDQQgBEEGaiABSw0EIAAgBGotAABB3ABHDQQgACAEai0AAUH1AEcNBCAAIARBAmogARAEIQkgCUGA+ANxQYC4A0cNBCAEQQZqIQRBgIAEIAhB/wdxQQp0IAlB/wdxcmohCAsgAiAFIAgQBSEFIAsgCHIhCwwBC0F/IQYgB0HuAEYEQEEKIQYgCkEBaiEKCyAHQSJGBEBBIiEGCyAHQdwARgRAQdwAIQYLIAdBL0YEQEEvIQYLIAdB9ABGBEBBCSEGCyAHQfIARgRAQQ0hBgsgB0HiAEYEQEEIIQYLIAdB5gBGBEBBDCEGCyAGQQBIDQIgAiAFaiAGOgAAIAVBAWohBQwACwsgAyAKNgIAIAMgC0GAAU8gDv1kQQBHcjYCBCADIAQ2AgggBQ8LQX8LZwICfwF7IAL9DyEFAkADQCADQRBqIAFLDQEgBCAAIANq/QAEACAF/SP9ZGlqIQQgA0EQaiEDDAALCwJAA0AgAyABTw0BIAAgA2otAAAgAkYEQCAEQQFqIQQLIANBAWohAwwACwsgBAs=';

export interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  /** Expects the classes at address 0 and the table at TABLE (see kernel.wat). */
  scan(textPtr: number, warm: number, len: number, hitsPtr: number, maxHits: number, reach: number): number;
  unescape(src: number, len: number, dst: number, stats: number): number;
  count(ptr: number, len: number, byte: number): number;
}

/** The part of the WebAssembly global used here (Node has it; its types are not in our lib set). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** Where `scan` expects the keyword automaton's table (its classes are at 0). */
export const TABLE = 256;

let compiled: object | null | undefined;

/** A new instance with its own memory, or null where WebAssembly is unavailable (callers fall back to JavaScript). */
export function instantiateKernel(): KernelExports | null {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm) return null;
    compiled ??= new wasm.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
    return new wasm.Instance(compiled, {}).exports as KernelExports;
  } catch {
    compiled = null;
    return null;
  }
}

/** Grows the instance's memory to at least `bytes`. */
export function ensureMemory(kernel: KernelExports, bytes: number): void {
  const pages = Math.ceil(bytes / 65536) - kernel.memory.buffer.byteLength / 65536;
  if (pages > 0) kernel.memory.grow(pages);
}
