// One wire format for every door that is not structured clone (HTTP bodies, WebSocket frames):
// JSON for the shape, raw little-endian bytes for typed arrays, so a 2000x2000 Float32Array crosses
// as 16 MB of bytes instead of 40 MB of JSON numbers. Pure: no Node or DOM imports, so the web host
// and the renderer share it.
//
// Frame: [u32 LE a][a bytes: layout JSON [[offset, bytes], ...]][u32 LE b][b bytes: value JSON]
//        [zero padding to 8][blob 0][pad to 8][blob 1]...
// In the value JSON each typed array is replaced by { "$bin": i, "type": "Float32Array" }.

export const FRAME_CONTENT_TYPE = 'application/x-alveo-frame';

const TYPED = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

interface BinRef {
  $bin: number;
  type: TypedName;
}

function typedName(value: unknown): TypedName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name as TypedName;
  return name in TYPED ? name : null;
}

function isBinRef(value: unknown): value is BinRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.$bin === 'number' && typeof v.type === 'string' && v.type in TYPED && Object.keys(v).length === 2;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Encodes any JSON-shaped value that may hold typed arrays (at any depth) into one frame. */
export function encodeFrame(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  const json = JSON.stringify(value === undefined ? null : value, (_key, v: unknown) => {
    const type = typedName(v);
    if (!type) return v;
    const arr = v as AnyTyped;
    blobs.push(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
    return { $bin: blobs.length - 1, type } satisfies BinRef;
  });
  // Offsets are relative to the start of the blob area, which starts 8-aligned.
  const layout: [number, number][] = [];
  let at = 0;
  for (const b of blobs) {
    layout.push([at, b.byteLength]);
    at = align8(at + b.byteLength);
  }
  const enc = new TextEncoder();
  const layoutBytes = enc.encode(JSON.stringify(layout));
  const valueBytes = enc.encode(json);
  const dataStart = align8(8 + layoutBytes.byteLength + valueBytes.byteLength);
  const out = new Uint8Array(dataStart + at);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, layoutBytes.byteLength, true);
  out.set(layoutBytes, 4);
  dv.setUint32(4 + layoutBytes.byteLength, valueBytes.byteLength, true);
  out.set(valueBytes, 8 + layoutBytes.byteLength);
  blobs.forEach((b, i) => out.set(b, dataStart + layout[i][0]));
  return out;
}

/** Decodes a frame made by encodeFrame. Throws on anything malformed. */
export function decodeFrame(bytes: ArrayBuffer | Uint8Array): unknown {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const dv = new DataView(view.buffer, view.byteOffset, view.byteLength);
  const dec = new TextDecoder();
  const readChunk = (at: number): [Uint8Array, number] => {
    if (at + 4 > view.byteLength) throw new Error('frame too short');
    const n = dv.getUint32(at, true);
    if (at + 4 + n > view.byteLength) throw new Error('frame length out of range');
    return [view.subarray(at + 4, at + 4 + n), at + 4 + n];
  };
  const [layoutBytes, next] = readChunk(0);
  const [valueBytes, end] = readChunk(next);
  const layout = JSON.parse(dec.decode(layoutBytes)) as unknown;
  if (!Array.isArray(layout)) throw new Error('frame layout malformed');
  const dataStart = align8(end);
  // encodeFrame stores each typed array once: what the value takes out can never exceed the frame.
  let copied = 0;
  return JSON.parse(dec.decode(valueBytes), (_key, v: unknown) => {
    if (!isBinRef(v)) return v;
    const slot = layout[v.$bin] as unknown;
    if (!Array.isArray(slot) || typeof slot[0] !== 'number' || typeof slot[1] !== 'number') {
      throw new Error(`frame refers to missing blob ${v.$bin}`);
    }
    const [offset, length] = slot as [number, number];
    if (offset < 0 || length < 0 || dataStart + offset + length > view.byteLength) throw new Error('frame blob out of range');
    copied += length;
    if (copied > view.byteLength - dataStart) throw new Error('frame blobs overlap: more bytes referred to than the frame holds');
    const Ctor = TYPED[v.type];
    if (length % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error('frame blob length not a whole number of elements');
    const start = view.byteOffset + dataStart + offset;
    // Copy so the result owns an aligned buffer of exactly its size (safe to keep or transfer).
    return new Ctor(view.buffer.slice(start, start + length) as ArrayBuffer);
  }) as unknown;
}
