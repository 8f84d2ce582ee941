// The emscripten codecs (libjpeg-turbo, CharLS, OpenJPEG) load in Node through their CommonJS
// factories, which find their .wasm beside the script. Every frame gets a fresh decoder object:
// OpenJPEG can fail without throwing, and a reused decoder then still holds the previous image's
// frame info and pixels, which would be returned as this file's. After any failure the module is
// dropped too, since an aborted wasm module cannot be trusted again. OpenJPEG gets a fresh module
// (a fresh, zeroed heap) for every frame as well: its copy-out reads past a component's buffer in
// cases the checks of j2k-checks.ts refuse, and what lies there in a used heap is the previous
// file's image. A new instance costs about 10 ms a frame (35 instead of 25 ms for 512 x 512).
import { createRequire } from 'node:module';
import type { DeclaredSize } from './declared-size';
import { readJ2kCodestream } from './j2k-codestream';
import { checkJ2kBeforeDecode, checkJ2kDecoded, type SampleHeader } from './j2k-checks';

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
  /** Frees the C++ object and its buffers (embind objects are not garbage collected). */
  delete(): void;
}

interface WasmModule {
  [decoderClass: string]: unknown;
  getExceptionMessage?: (ptr: number) => string;
}

type Factory = (opts?: object) => Promise<WasmModule>;

export type WasmCodecName = 'libjpeg-turbo' | 'charls' | 'openjpeg';

/** freshPerFrame: a new module for every frame, never a heap another frame has used. */
const SPECS: Record<WasmCodecName, { module: string; decoderClass: string; data: string; freshPerFrame?: true }> = {
  'libjpeg-turbo': { module: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', decoderClass: 'JPEGDecoder', data: 'JPEG' },
  charls: { module: '@cornerstonejs/codec-charls/decodewasmjs', decoderClass: 'JpegLSDecoder', data: 'JPEG-LS' },
  openjpeg: { module: '@cornerstonejs/codec-openjpeg/decodewasmjs', decoderClass: 'J2KDecoder', data: 'JPEG 2000', freshPerFrame: true },
};

interface Loaded {
  module: WasmModule;
  Decoder: new () => WasmDecoder;
  /** The codec's own [ERROR] lines from the decode in progress (OpenJPEG reports failures only so). */
  errors: string[];
}

const loaded = new Map<WasmCodecName, Promise<Loaded>>();

function load(name: WasmCodecName): Promise<Loaded> {
  let p = loaded.get(name);
  if (!p) {
    const spec = SPECS[name];
    const factory = require(spec.module) as Factory;
    const errors: string[] = [];
    // OpenJPEG narrates every decode through print(); keep stdout clean for `--json` callers, and
    // keep its first few error lines to say why a decode failed.
    const listen = (text: unknown) => {
      const line = String(text);
      if (/\[ERROR\]/.test(line) && errors.length < 2) errors.push(line.replace(/^.*\[ERROR\]\s*/, '').trim());
    };
    p = factory({ print: listen, printErr: listen }).then((module) => ({
      module,
      Decoder: module[spec.decoderClass] as new () => WasmDecoder,
      errors,
    }));
    if (spec.freshPerFrame) return p;
    loaded.set(name, p);
    p.catch(() => loaded.delete(name));
  }
  return p;
}

export interface WasmDecoded {
  bytes: Uint8Array;
  info: CodecFrameInfo;
}

/**
 * Decodes one compressed frame whose header declared `declared` (read by declaredSize, before this
 * call, so nothing larger is ever allocated); throws a plain Error with the codec's own words on
 * failure, and when the decoder gives anything but an image of the declared size. `header`, the
 * DICOM header's sample format, is checked against what a JPEG 2000 codestream says.
 */
export async function decodeWithWasm(name: WasmCodecName, encoded: Uint8Array, declared: DeclaredSize, header?: SampleHeader): Promise<WasmDecoded> {
  // JPEG 2000: refused from its markers before OpenJPEG can decode it wrongly (j2k-checks.ts).
  const j2k = name === 'openjpeg' ? readJ2kCodestream(encoded) : undefined;
  if (j2k) checkJ2kBeforeDecode(j2k, header);
  const { module, Decoder, errors } = await load(name);
  const data = SPECS[name].data;
  errors.length = 0;
  let decoder: WasmDecoder | undefined;
  let info: CodecFrameInfo;
  let bytes: Uint8Array;
  try {
    decoder = new Decoder();
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    info = { ...decoder.getFrameInfo() };
    // Copy out of the wasm heap: the decoder's memory is freed below.
    bytes = decoder.getDecodedBuffer().slice();
  } catch (err) {
    loaded.delete(name);
    if (typeof err === 'number') {
      const text = module.getExceptionMessage?.(err);
      throw new Error(text ? String(text) : `${name} decoder failed`);
    }
    throw new Error(err instanceof Error ? err.message : String(err));
  } finally {
    try {
      decoder?.delete();
    } catch {
      // An aborted module may refuse even this; it has been dropped above.
    }
  }
  // The module returned cleanly: it stays loaded (the fresh decoder per frame holds no state over),
  // unless it is one made for this frame alone.
  if (info.width === 0 || info.height === 0 || bytes.length === 0) {
    throw new Error(`the ${data} data is damaged or truncated${errors.length > 0 ? `: ${name} says "${errors.join('; ')}"` : ''}`);
  }
  if (info.width !== declared.width || info.height !== declared.height) {
    throw new Error(`${name} gave a ${info.width} x ${info.height} image where the ${data} data declares ${declared.width} x ${declared.height}`);
  }
  if (j2k) checkJ2kDecoded(j2k, info, bytes, header);
  return { bytes, info };
}
