// safetensors reader: 8-byte little-endian header length, a JSON header
// { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {...} }, then raw
// little-endian tensor bytes. Floating-point tensors come back as float32.
import { AlveoError } from '../../api/errors';
import { bfloat16BitsToFloat32, float16BitsToFloat32 } from './float16';
import { errnoInWords } from '../files/errno-in-words';
import { readRegularFile } from '../files/regular-file';

export interface SafeTensor {
  dtype: string;
  shape: number[];
  data: Float32Array;
}

export interface SafeTensorsFile {
  tensors: Map<string, SafeTensor>;
  /** Integer tensors (e.g. BatchNorm num_batches_tracked): name -> dtype; not decoded. */
  skipped: Map<string, string>;
  metadata: Record<string, string>;
}

const FLOAT_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

export async function readSafetensors(file: string): Promise<SafeTensorsFile> {
  let buf: Buffer;
  try {
    buf = await readRegularFile(file);
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('NOT_FOUND', `cannot read (${errnoInWords(err)})`, file);
  }
  return parseSafetensors(buf, file);
}

export function parseSafetensors(buf: Uint8Array, file: string): SafeTensorsFile {
  const bad = (why: string): never => {
    throw new AlveoError('CORRUPT', `not a valid safetensors file: ${why}`, file);
  };
  if (buf.byteLength < 8) bad('shorter than its 8-byte header length');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen <= 1 || 8 + headerLen > buf.byteLength) bad(`header length ${headerLen} does not fit in ${buf.byteLength} bytes`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  } catch (err) {
    return bad(`header is not JSON (${(err as Error).message})`);
  }
  const dataStart = 8 + headerLen;
  const dataLen = buf.byteLength - dataStart;
  const tensors = new Map<string, SafeTensor>();
  const skipped = new Map<string, string>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      bad(`tensor '${name}' has no dtype/shape/data_offsets`);
    }
    const dims = shape as number[];
    const [begin, end] = offsets as number[];
    if (!(begin >= 0 && end >= begin && end <= dataLen)) bad(`tensor '${name}' data [${begin}, ${end}) lies outside the ${dataLen} data bytes`);
    const bytesPer = FLOAT_BYTES[dtype as string];
    if (!bytesPer) {
      skipped.set(name, dtype as string);
      continue;
    }
    const n = dims.reduce((a, b) => a * b, 1);
    if (n * bytesPer !== end - begin) bad(`tensor '${name}' ${dtype}${JSON.stringify(dims)} needs ${n * bytesPer} bytes, has ${end - begin}`);
    // Copy so the typed arrays are aligned whatever the offset.
    const bytes = buf.slice(dataStart + begin, dataStart + end);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    let data: Float32Array;
    if (dtype === 'F32') data = new Float32Array(ab);
    else if (dtype === 'F16') data = float16BitsToFloat32(new Uint16Array(ab));
    else if (dtype === 'BF16') data = bfloat16BitsToFloat32(new Uint16Array(ab));
    else data = Float32Array.from(new Float64Array(ab));
    tensors.set(name, { dtype: dtype as string, shape: dims, data });
  }
  return { tensors, skipped, metadata };
}
