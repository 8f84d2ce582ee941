// The emscripten codecs (libjpeg-turbo, CharLS, OpenJPEG) load in Node through their CommonJS
// factories, which find their .wasm beside the script. One decoder instance per codec is reused;
// after any failure the instance is dropped, since an aborted wasm module cannot be trusted again.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): CodecFrameInfo;
  decode(): void;
}

interface WasmModule {
  [decoderClass: string]: unknown;
  getExceptionMessage?: (ptr: number) => string;
}

type Factory = (opts?: object) => Promise<WasmModule>;

export type WasmCodecName = 'libjpeg-turbo' | 'charls' | 'openjpeg';

const SPECS: Record<WasmCodecName, { module: string; decoderClass: string }> = {
  'libjpeg-turbo': { module: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', decoderClass: 'JPEGDecoder' },
  charls: { module: '@cornerstonejs/codec-charls/decodewasmjs', decoderClass: 'JpegLSDecoder' },
  openjpeg: { module: '@cornerstonejs/codec-openjpeg/decodewasmjs', decoderClass: 'J2KDecoder' },
};

interface Loaded {
  module: WasmModule;
  decoder: WasmDecoder;
}

const loaded = new Map<WasmCodecName, Promise<Loaded>>();

function load(name: WasmCodecName): Promise<Loaded> {
  let p = loaded.get(name);
  if (!p) {
    const spec = SPECS[name];
    const factory = require(spec.module) as Factory;
    // OpenJPEG narrates every decode through print(); keep stdout clean for `--json` callers.
    p = factory({ print: () => {}, printErr: () => {} }).then((module) => {
      const Decoder = module[spec.decoderClass] as new () => WasmDecoder;
      return { module, decoder: new Decoder() };
    });
    loaded.set(name, p);
    p.catch(() => loaded.delete(name));
  }
  return p;
}

export interface WasmDecoded {
  bytes: Uint8Array;
  info: CodecFrameInfo;
}

/** Decodes one compressed frame; throws a plain Error with the codec's own words on failure. */
export async function decodeWithWasm(name: WasmCodecName, encoded: Uint8Array): Promise<WasmDecoded> {
  const { module, decoder } = await load(name);
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    // Copy out of the wasm heap: the next decode reuses (and may move) that memory.
    const bytes = decoder.getDecodedBuffer().slice();
    return { bytes, info: { ...info } };
  } catch (err) {
    loaded.delete(name);
    if (typeof err === 'number') {
      const text = module.getExceptionMessage?.(err);
      throw new Error(text ? String(text) : `${name} decoder failed`);
    }
    throw new Error(err instanceof Error ? err.message : String(err));
  }
}
