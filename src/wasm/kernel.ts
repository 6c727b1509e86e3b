// shipgate's WebAssembly kernel (kernel.wat): the keyword automaton's scan loop, a JSON string
// decoder and a byte counter. Each user instantiates it with its own memory; the module is compiled once per thread.

/** kernel.wat compiled by wabt (test/wasm/kernel.test.ts recompiles it and compares). */
export const KERNEL_WASM_BASE64 =
  'AGFzbQEAAAABHANgCH9/f39/f39/AX9gA39/fwF/YAR/f39/AX8DBgUAAQECAQUDAQABByQEBm1lbW9yeQIABHNjYW4AAAh1bmVzY2FwZQADBWNvdW50AAQKlAwF7wMBB38gASACIAFrQQF2aiEKIAogB2shCyALQQBIBEBBACELCwJAAkADQCAIIApPDQEgCyACTw0BIAMgCWogBCAAIAhqLQAAai0AAGooAgAhDSANIQkgDUEASARAQQAgDWshCSAIIAFPBEAgDiAGTw0EIAUgDkEDdGogCDYCACAFIA5BA3RqIAk2AgQgDkEBaiEOCwsgCEEBaiEIIAMgDGogBCAAIAtqLQAAai0AAGooAgAhDSANIQwgDUEASARAQQAgDWshDCALIApPBEAgDiAGTw0EIAUgDkEDdGogCzYCACAFIA5BA3RqIAw2AgQgDkEBaiEOCwsgC0EBaiELDAALCwJAA0AgCCAKTw0BIAMgCWogBCAAIAhqLQAAai0AAGooAgAhDSANIQkgDUEASARAQQAgDWshCSAIIAFPBEAgDiAGTw0EIAUgDkEDdGogCDYCACAFIA5BA3RqIAk2AgQgDkEBaiEOCwsgCEEBaiEIDAALCwJAA0AgCyACTw0BIAMgDGogBCAAIAtqLQAAai0AAGooAgAhDSANIQwgDUEASARAQQAgDWshDCALIApPBEAgDiAGTw0EIAUgDkEDdGogCzYCACAFIA5BA3RqIAw2AgQgDkEBaiEOCwsgC0EBaiELDAALCyAODwsgBkEBaguPAQEEfyABQQRqIAJLBEBBfw8LA0AgACABIANqai0AACEFQX8hBiAFQTBPIAVBOU1xBEAgBUEwayEGCyAFQeEATyAFQeYATXEEQCAFQdcAayEGCyAFQcEATyAFQcYATXEEQCAFQTdrIQYLIAZBAEgEQEF/DwsgBEEEdCAGciEEIANBAWohAyADQQRJDQALIAQLzAEBAX8gACABaiEDIAJBgAFJBEAgAyACOgAAIAFBAWoPCyACQYAQSQRAIANBwAEgAkEGdnI6AAAgA0GAASACQT9xcjoAASABQQJqDwsgAkGAgARJBEAgA0HgASACQQx2cjoAACADQYABIAJBBnZBP3FyOgABIANBgAEgAkE/cXI6AAIgAUEDag8LIANB8AEgAkESdnI6AAAgA0GAASACQQx2QT9xcjoAASADQYABIAJBBnZBP3FyOgACIANBgAEgAkE/cXI6AAMgAUEEagvZBAIJfwJ7AkACQANAAkADQCAEQRBqIAFLDQEgACAEav0ABAAhDSACIAVqIA39CwQAIA1B3AD9D/0jIA1BIv0P/SP9UCANQSD9D/0m/VD9ZCEMIAwEQCAN/WRBASAMaHRBAWtxBEBBgAEhCwsgBCAMaGohBCAFIAxoaiEFDAILIA4gDf1QIQ4gBEEQaiEEIAVBEGohBQwACwsgBCABTw0BIAAgBGotAAAhBiAGQSJGDQEgBEEBaiEEIAZBIEkNAiAGQdwARwRAIAIgBWogBjoAACAFQQFqIQUgCyAGciELDAELIAQgAU8NAiAAIARqLQAAIQcgBEEBaiEEIAdB9QBGBEAgACAEIAEQASEIIAhBAEgNAyAEQQRqIQQgCEGA8ANxQYCwA0YEQCAIQYC4A08NBCAEQQZqIAFLDQQgACAEai0AAEHcAEcNBCAAIARqLQABQfUARw0EIAAgBEECaiABEAEhCSAJQYD4A3FBgLgDRw0EIARBBmohBEGAgAQgCEH/B3FBCnQgCUH/B3FyaiEICyACIAUgCBACIQUgCyAIciELDAELQX8hBiAHQe4ARgRAQQohBiAKQQFqIQoLIAdBIkYEQEEiIQYLIAdB3ABGBEBB3AAhBgsgB0EvRgRAQS8hBgsgB0H0AEYEQEEJIQYLIAdB8gBGBEBBDSEGCyAHQeIARgRAQQghBgsgB0HmAEYEQEEMIQYLIAZBAEgNAiACIAVqIAY6AAAgBUEBaiEFDAALCyADIAo2AgAgAyALQYABTyAO/WRBAEdyNgIEIAMgBDYCCCAFDwtBfwtnAgJ/AXsgAv0PIQUCQANAIANBEGogAUsNASAEIAAgA2r9AAQAIAX9I/1kaWohBCADQRBqIQMMAAsLAkADQCADIAFPDQEgACADai0AACACRgRAIARBAWohBAsgA0EBaiEDDAALCyAECw==';

export interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  scan(textPtr: number, warm: number, len: number, tablePtr: number, classesPtr: number, hitsPtr: number, maxHits: number, reach: number): number;
  unescape(src: number, len: number, dst: number, stats: number): number;
  count(ptr: number, len: number, byte: number): number;
}

/** The part of the WebAssembly global used here (Node has it; its types are not in our lib set). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

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
