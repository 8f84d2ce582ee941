// PALETTE COLOR (PS3.3 C.7.6.3.1.5-6): each stored value indexes a red, a green and a blue table.
// The tables are read from the Palette Color Lookup Table module, plain or segmented (C.7.9.2),
// refused with the file and the cause when malformed, and applied to a frame as 8-bit RGB.
import type { DataSet, Element } from 'dicom-parser';
import { AlveoError } from '../../../api/errors';
import { rawSamples } from './modality-values';
import type { PixelModule } from './pixel-module';
import { expandSegmentedLut } from './segmented-lut';

export interface PaletteChannel {
  /** The stored value mapped to data[0]; lower values take data[0], values past the end the last entry. */
  firstValueMapped: number;
  /** The 8-bit value each entry shows. */
  data: Uint8Array;
}

export interface PaletteColour {
  red: PaletteChannel;
  green: PaletteChannel;
  blue: PaletteChannel;
  segmented: boolean;
  /** What the reader should know about how the tables were read (16-bit entries under an 8-bit descriptor). */
  note?: string;
}

const CHANNELS = [
  { name: 'red', descriptor: 'x00281101', data: 'x00281201', segmented: 'x00281221', tag: '0028,1201', segTag: '0028,1221' },
  { name: 'green', descriptor: 'x00281102', data: 'x00281202', segmented: 'x00281222', tag: '0028,1202', segTag: '0028,1222' },
  { name: 'blue', descriptor: 'x00281103', data: 'x00281203', segmented: 'x00281223', tag: '0028,1203', segTag: '0028,1223' },
] as const;
type Channel = (typeof CHANNELS)[number];

interface Descriptor {
  entries: number;
  firstValueMapped: number;
  bits: 8 | 16;
}

interface RawTable {
  firstValueMapped: number;
  values: Uint16Array;
  bits: 8 | 16;
}

function corrupt(file: string, why: string): never {
  throw new AlveoError('CORRUPT', `the palette colour image ${why}`, file);
}

function readDescriptor(file: string, ds: DataSet, ch: Channel, signed: boolean): Descriptor {
  const el = ds.elements[ch.descriptor];
  if (!el || el.length < 6) corrupt(file, `has no usable ${ch.name} palette descriptor (${ch.descriptor.slice(1, 5)},${ch.descriptor.slice(5)})`);
  const count = ds.uint16(ch.descriptor, 0) ?? 0;
  // First Value Mapped is SS when the stored values are signed (PS3.3 C.7.6.3.1.5).
  const firstValueMapped = (el.vr === 'SS' || signed ? ds.int16(ch.descriptor, 1) : ds.uint16(ch.descriptor, 1)) ?? 0;
  const bits = ds.uint16(ch.descriptor, 2) ?? 0;
  if (bits !== 8 && bits !== 16) corrupt(file, `${ch.name} palette descriptor says ${bits} bits per entry; DICOM allows 8 or 16`);
  return { entries: count === 0 ? 65536 : count, firstValueMapped, bits };
}

/** The element's value as 16-bit words (read in the data set's byte order) or as bytes in stream order. */
function units(file: string, ds: DataSet, el: Element, bytesPerUnit: 1 | 2, what: string): Uint16Array {
  if (el.dataOffset + el.length > ds.byteArray.length) corrupt(file, `${what} is cut short (the file ends inside it)`);
  const read = ds.byteArrayParser.readUint16;
  const a = ds.byteArray;
  const o = el.dataOffset;
  if (bytesPerUnit === 2) {
    const out = new Uint16Array(el.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = read(a, o + 2 * i);
    return out;
  }
  // 8-bit entries packed two to a 16-bit word, the first in its low byte: reading words keeps that
  // order in big endian files too.
  const out = new Uint16Array(el.length);
  for (let i = 0; i < out.length; i++) {
    const w = 2 * (i >> 1) + 1 < el.length ? read(a, o + 2 * (i >> 1)) : a[o + i];
    out[i] = i & 1 ? w >> 8 : w & 0xff;
  }
  return out;
}

function plainTable(file: string, ds: DataSet, ch: Channel, d: Descriptor): RawTable {
  const el = ds.elements[ch.data];
  const what = `${ch.name} palette data (${ch.tag})`;
  if (!el || el.length === 0) corrupt(file, `has no ${ch.name} palette data (${ch.tag}, or segmented ${ch.segTag})`);
  const n = d.entries;
  // Two bytes an entry: 16-bit entries, or 8-bit ones with 16 bits allocated (PS3.3 C.7.6.3.1.5 note).
  if (el.length === 2 * n) return { firstValueMapped: d.firstValueMapped, values: units(file, ds, el, 2, what), bits: d.bits };
  // One byte an entry (an odd count padded to even): 8-bit entries packed.
  if (d.bits === 8 && (el.length === n || (n % 2 === 1 && el.length === n + 1))) {
    return { firstValueMapped: d.firstValueMapped, values: units(file, ds, el, 1, what).subarray(0, n), bits: 8 };
  }
  const needs = d.bits === 8 ? `${n} or ${2 * n}` : `${2 * n}`;
  return corrupt(file, `${what} holds ${el.length} bytes where its descriptor (${n} entries of ${d.bits} bits) needs ${needs}`);
}

function segmentedTable(file: string, ds: DataSet, ch: Channel, d: Descriptor): RawTable {
  const el = ds.elements[ch.segmented] as Element;
  const what = `segmented ${ch.name} palette data (${ch.segTag})`;
  // Segments count in the entries' own width: bytes for 8-bit entries, words for 16-bit (PS3.3 C.7.9.2).
  const unitBytes = d.bits === 8 ? 1 : 2;
  const values = expandSegmentedLut(units(file, ds, el, unitBytes, what), unitBytes, d.entries, (why) => corrupt(file, `${what} ${why}`));
  return { firstValueMapped: d.firstValueMapped, values, bits: d.bits };
}

export function readPaletteColour(file: string, ds: DataSet, pm: PixelModule): PaletteColour {
  const signed = pm.pixelRepresentation === 1;
  const has = (tag: string) => (ds.elements[tag]?.length ?? 0) > 0;
  const segmented = !CHANNELS.some((ch) => has(ch.data)) && CHANNELS.some((ch) => has(ch.segmented));
  const tables = CHANNELS.map((ch) => {
    const d = readDescriptor(file, ds, ch, signed);
    if (segmented && !has(ch.segmented)) corrupt(file, `has no segmented ${ch.name} palette data (${ch.segTag})`);
    return segmented ? segmentedTable(file, ds, ch, d) : plainTable(file, ds, ch, d);
  });
  // The entries' width is read from the entries, as dcmtk's check of the descriptor does: some
  // writers put 16-bit values under a descriptor that says 8 (or 8-bit values under 16).
  let max = 0;
  for (const t of tables) for (const v of t.values) if (v > max) max = v;
  const sixteen = max > 255;
  const declared = tables.some((t) => t.bits === 16) ? 16 : 8;
  const [red, green, blue] = tables.map((t) => ({
    firstValueMapped: t.firstValueMapped,
    // 16-bit entries show their high byte, as dcmtk's and dcm4che's viewers show them.
    data: Uint8Array.from(t.values, (v) => (sixteen ? v >> 8 : v)),
  }));
  const note =
    sixteen === (declared === 16)
      ? undefined
      : `palette entries hold ${sixteen ? '16' : '8'}-bit values though the descriptor says ${declared}: read as ${sixteen ? '16' : '8'}-bit`;
  return { red, green, blue, segmented, ...(note ? { note } : {}) };
}

/** The frame's stored values through the palette: 8-bit RGB, interleaved, row-major. */
export function paletteRgb(bytes: Uint8Array, pm: PixelModule, palette: PaletteColour): Uint8Array {
  const raw = rawSamples(bytes, pm.bitsAllocated);
  const n = pm.rows * pm.columns;
  const bits = Math.min(pm.bitsStored, 16);
  const shift = 32 - bits;
  // Only Bits Stored carry the index (native data may hold overlay bits above High Bit).
  const stored = pm.pixelRepresentation === 1 ? (v: number) => (v << shift) >> shift : (v: number) => v & ((1 << bits) - 1);
  const out = new Uint8Array(3 * n);
  [palette.red, palette.green, palette.blue].forEach(({ firstValueMapped, data }, c) => {
    const last = data.length - 1;
    for (let i = 0; i < n; i++) {
      // Values below the table take its first entry, values past it its last (PS3.3 C.7.6.3.1.5).
      const idx = stored(raw[i]) - firstValueMapped;
      out[3 * i + c] = data[idx < 0 ? 0 : idx > last ? last : idx];
    }
  });
  return out;
}
