// JPEG 2000 codestreams made by the tests themselves, with the OpenJPEG encoder that ships in the
// same package as the decoder the app uses, and small byte-level edits of their markers.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface Encoder {
  getDecodedBuffer(info: FrameInfo): Uint8Array;
  setDecompositions(levels: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

type EncoderModule = { J2KEncoder: new () => Encoder };

let module: Promise<EncoderModule> | undefined;

function encoderModule(): Promise<EncoderModule> {
  const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (opts: object) => Promise<EncoderModule>;
  module ??= factory({ print: () => {}, printErr: () => {} });
  return module;
}

export interface Image {
  width: number;
  height: number;
  /** 8 or 16 (stored little endian, two bytes a sample). */
  bits: number;
  signed?: boolean;
  components?: 1 | 3;
  /** Interleaved samples, components * width * height of them. */
  samples: ArrayLike<number>;
}

/** The image's samples as the decoder gives them back: bytes, or 16-bit little endian. */
export function sampleBytes(img: Image): Uint8Array {
  const n = img.samples.length;
  if (img.bits <= 8) return Uint8Array.from(img.samples);
  const out = new Uint8Array(2 * n);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) view.setUint16(2 * i, img.samples[i] & 0xffff, true);
  return out;
}

/** A lossless raw codestream of the image (one tile, `levels` decomposition levels, 5 by default). */
export async function encodeJ2k(img: Image, levels = 5): Promise<Uint8Array> {
  const { J2KEncoder } = await encoderModule();
  const encoder = new J2KEncoder();
  try {
    const info = { width: img.width, height: img.height, bitsPerSample: img.bits, componentCount: img.components ?? 1, isSigned: img.signed ?? false };
    encoder.getDecodedBuffer(info).set(sampleBytes(img));
    encoder.setDecompositions(levels);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

/** Byte offsets of the SIZ fields edited below (from the SOC marker). */
export const SIZ = { xsiz: 8, ysiz: 12, xtsiz: 24, ytsiz: 28, csiz: 40, component: (c: number) => 42 + 3 * c } as const;

/** Start of the first marker segment `marker` in the main header (walked by segment lengths). */
export function mainHeaderMarker(cs: Uint8Array, marker: number): number {
  let pos = 2;
  while (pos + 4 <= cs.length && cs[pos] === 0xff && cs[pos + 1] !== 0x90) {
    if (cs[pos + 1] === marker) return pos;
    pos += 2 + ((cs[pos + 2] << 8) | cs[pos + 3]);
  }
  assert.fail(`no FF${marker.toString(16).toUpperCase()} marker in the main header`);
}

/** The main header's COD marker segment (FF52 and all), a copy. */
export function codSegment(cs: Uint8Array): Uint8Array {
  const at = mainHeaderMarker(cs, 0x52);
  return cs.slice(at, at + 2 + ((cs[at + 2] << 8) | cs[at + 3]));
}

/** The codestream with its COD marker's decomposition level count set to `levels`. */
export function withCodLevels(cs: Uint8Array, levels: number): Uint8Array {
  const out = Uint8Array.from(cs);
  out[mainHeaderMarker(out, 0x52) + 9] = levels; // FF52, Lcod, Scod, SGcod (4), then the levels
  return out;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

/** Main header (SOC up to the first SOT) and the data of its one tile (after SOD, before EOC). */
function splitSingleTile(cs: Uint8Array): { main: Uint8Array; data: Uint8Array } {
  let pos = 2;
  while (!(cs[pos] === 0xff && cs[pos + 1] === 0x90)) pos += 2 + u16(cs, pos + 2);
  const main = cs.subarray(0, pos);
  assert.equal(cs[pos + 11], 1, 'one tile-part');
  let at = pos + 12;
  while (!(cs[at] === 0xff && cs[at + 1] === 0x93)) at += 2 + u16(cs, at + 2);
  assert.deepEqual([cs[cs.length - 2], cs[cs.length - 1]], [0xff, 0xd9], 'ends with EOC');
  return { main, data: cs.subarray(at + 2, cs.length - 2) };
}

export interface TilePart {
  tile: number;
  data: Uint8Array;
  /** TPsot and TNsot of its SOT marker. */
  part?: number;
  parts?: number;
  /** Marker segments of its tile-part header, between SOT and SOD. */
  header?: Uint8Array;
}

/** One SOT tile-part: SOT (Isot, Psot, TPsot, TNsot), its header's markers, SOD, the data. */
export function tilePart(tp: TilePart): Uint8Array {
  const header = tp.header ?? new Uint8Array(0);
  const out = new Uint8Array(14 + header.length + tp.data.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xff90);
  view.setUint16(2, 10);
  view.setUint16(4, tp.tile);
  view.setUint32(6, out.length);
  out[10] = tp.part ?? 0;
  out[11] = tp.parts ?? 1;
  out.set(header, 12);
  view.setUint16(12 + header.length, 0xff93);
  out.set(tp.data, 14 + header.length);
  return out;
}

export interface Tiled {
  /** The main header, its SIZ giving the whole image and the tile size. */
  main: Uint8Array;
  /** Each tile's coded data, in raster order. */
  tiles: Uint8Array[];
  /** The whole image's samples, as the decoder gives them back. */
  expected: Uint8Array;
}

/**
 * An 8-bit image cut into tile x tile tiles (the sizes multiples of it), each encoded on its own and
 * put back under one main header. With the tile size a multiple of 2^levels and of the 64-sample
 * code-block, a tile's packets are the same wherever it sits on the grid.
 */
export async function tiledJ2k(width: number, height: number, tile: number, sample: (x: number, y: number) => number): Promise<Tiled> {
  assert.ok(width % tile === 0 && height % tile === 0 && tile % 64 === 0);
  const tiles: Uint8Array[] = [];
  let main: Uint8Array | undefined;
  for (let ty = 0; ty < height / tile; ty++) {
    for (let tx = 0; tx < width / tile; tx++) {
      const samples = new Uint8Array(tile * tile);
      for (let y = 0; y < tile; y++) for (let x = 0; x < tile; x++) samples[y * tile + x] = sample(tx * tile + x, ty * tile + y);
      const split = splitSingleTile(await encodeJ2k({ width: tile, height: tile, bits: 8, samples }));
      main ??= Uint8Array.from(split.main);
      tiles.push(Uint8Array.from(split.data));
    }
  }
  assert.ok(main);
  const view = new DataView(main.buffer);
  view.setUint32(SIZ.xsiz, width);
  view.setUint32(SIZ.ysiz, height);
  view.setUint32(SIZ.xtsiz, tile);
  view.setUint32(SIZ.ytsiz, tile);
  const expected = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) expected[y * width + x] = sample(x, y);
  return { main, tiles, expected };
}

/** SOC..main header, then the given tile-parts, then EOC unless `eoc` is false. */
export function assemble(main: Uint8Array, parts: Uint8Array[], eoc = true): Uint8Array {
  const end = eoc ? [Uint8Array.of(0xff, 0xd9)] : [];
  return Buffer.concat([main, ...parts, ...end]);
}
