// PALETTE COLOR DICOMs (PS3.3 C.7.6.3.1.5-6, C.7.9) the test writes itself: 8- and 16-bit stored
// values, 8- and 16-bit tables (packed, one entry a word, 16-bit values under an 8-bit
// descriptor), First Value Mapped with clamping at both ends, signed values, segmented tables,
// RLE and several frames. Each shows the colours its tables give, and reads exactly like an RGB
// file of those colours (values, window, model input, guardrail). Then dcmtk's dcm2pnm renders
// the same files and every pixel must match; malformed tables are refused with the file and why.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadStudy } from '../../../../src-main/engine/studies/load-study';
import { inspectDicom } from '../../../../src-main/engine/studies/inspect-dicom';
import { modelPixels } from '../../../../src-main/engine/inference/preprocess';
import { checkStudy } from '../../../../src-main/engine/guardrails/check-study';
import type { Study } from '../../../../src-main/engine/studies/study';
import { pixelBytes, writeDicom, type DicomSpec } from '../../../fixtures/write-dicom';
import { dcmtkMissing, dcmtkRender, maxAndMeanDiff } from '../../../fixtures/dcmtk-render';
import { testCard } from '../../inference/support/test-card';
import { DICOM_DIR, skipUnless } from '../shared-data';
import { rejectsWithFileError } from '../../../support/rejects-with-file-error';

const run = promisify(execFile);

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-palette-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const file = (spec: DicomSpec) => writeDicom(join(dir, `p${++n}.dcm`), spec);

function le16(values: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) b.writeUInt16LE(values[i] & 0xffff, 2 * i);
  return b;
}
const bytes8 = (values: ArrayLike<number>) => Buffer.from(Array.from(values, (v) => v & 0xff));

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const table = (entries: number, max: number, seed: number) => {
  const r = random(seed);
  return Array.from({ length: entries }, () => Math.floor(r() * (max + 1)));
};

type Tables = [number[], number[], number[]];
interface Palette {
  tables: Tables;
  first?: number;
  /** The descriptor's bits per entry. */
  bits?: number;
  /** How the data is written: one byte an entry, or one word an entry. */
  form?: 'packed' | 'words';
  /** Segmented data per channel instead of the tables (the descriptors still come from `tables`). */
  segments?: [Buffer, Buffer, Buffer];
  descriptorVr?: 'US' | 'SS';
}

function paletteElements(p: Palette): [number, string, Buffer][] {
  const out: [number, string, Buffer][] = [];
  p.tables.forEach((t, c) => {
    out.push([0x00281101 + c, p.descriptorVr ?? 'US', le16([t.length === 65536 ? 0 : t.length, p.first ?? 0, p.bits ?? 8])]);
    if (p.segments) out.push([0x00281221 + c, 'OW', p.segments[c]]);
    else out.push([0x00281201 + c, 'OW', (p.form ?? 'packed') === 'packed' ? bytes8(t) : le16(t)]);
  });
  return out;
}

function paletteSpec(rows: number, columns: number, indices: number[], p: Palette, extra: Partial<DicomSpec> = {}): DicomSpec {
  return { rows, columns, photometricInterpretation: 'PALETTE COLOR', pixels: indices, elements: paletteElements(p), ...extra };
}

/** What the tables say each pixel shows, worked out here: clamped index, 16-bit entries by their high byte. */
function expectedRgb(indices: ArrayLike<number>, p: Palette, sixteen: boolean): Uint8Array {
  const out = new Uint8Array(indices.length * 3);
  const first = p.first ?? 0;
  for (let i = 0; i < indices.length; i++) {
    p.tables.forEach((t, c) => {
      const k = Math.min(Math.max(indices[i] - first, 0), t.length - 1);
      out[3 * i + c] = sixteen ? t[k] >> 8 : t[k];
    });
  }
  return out;
}

/** Every value 0..count-1, scrambled across the image, so each entry and both clamps show. */
const indicesOf = (pixels: number, count: number, offset = 0) => Array.from({ length: pixels }, (_, i) => ((i * 7 + (i >> 6)) % count) + offset);

const card = testCard({ id: 'palette', inputSize: 32, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'test' } });

/** An RGB file of the same colours: the palette study must read exactly like it. */
async function rgbTwin(rows: number, columns: number, rgb: Uint8Array): Promise<Study> {
  return loadStudy(await file({ rows, columns, bitsAllocated: 8, samplesPerPixel: 3, pixels: Array.from(rgb) }));
}

const rejectsWith = (path: string, code: string, words: RegExp): Promise<void> => rejectsWithFileError(loadStudy(path), path, code, words);

const R = 48;
const C = 64;

test('8-bit values through an 8-bit palette: shown in its colours, read as their luminance like an RGB file, flagged as colour', async () => {
  const p: Palette = { tables: [table(256, 255, 1), table(256, 255, 2), table(256, 255, 3)] };
  const indices = indicesOf(R * C, 256);
  const s = await loadStudy(await file(paletteSpec(R, C, indices, p, { bitsAllocated: 8, attributes: { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA', PatientAge: '003Y' } })));
  const rgb = expectedRgb(indices, p, false);
  assert.deepEqual(s.rgb, rgb);
  assert.equal(s.photometricInterpretation, 'PALETTE COLOR');
  assert.equal(s.samplesPerPixel, 1);
  assert.ok(s.notes.includes('colour image (PALETTE COLOR): the AI reads its grayscale luminance'), s.notes.join('; '));

  const twin = await rgbTwin(R, C, rgb);
  assert.deepEqual(s.values, twin.values, 'the luminance of the colours, as for RGB');
  assert.deepEqual([s.minValue, s.maxValue, s.window, s.windowSource, s.invert], [twin.minValue, twin.maxValue, twin.window, twin.windowSource, twin.invert]);
  assert.deepEqual(await modelPixels(s, card), await modelPixels(twin, card), 'the model sees what it sees for the RGB file');
  assert.ok(checkStudy(s, card).some((g) => g.code === 'colour'), 'the colour guardrail fires');
});

test('16-bit values through 16-bit tables with First Value Mapped: below the table takes its first entry, above its last', async () => {
  // 12 bits stored; the table covers 100..2099, values run 0..4095 (and junk above High Bit is masked).
  const p: Palette = { tables: [table(2000, 65535, 4), table(2000, 65535, 5), table(2000, 65535, 6)], first: 100, bits: 16, form: 'words' };
  const indices = indicesOf(R * C, 4096);
  const withJunk = indices.map((v, i) => (i % 5 === 0 ? v | 0xf000 : v));
  const s = await loadStudy(await file(paletteSpec(R, C, withJunk, p, { bitsStored: 12 })));
  assert.deepEqual(s.rgb, expectedRgb(indices, p, true));
  assert.ok(indices.some((v) => v < 100) && indices.some((v) => v >= 2100), 'both clamps are exercised');
  assert.equal(s.bitsStored, 12);
});

test('8-bit entries one to a word (PS3.3 note), and 16-bit values under a descriptor that says 8, read by their real range', async () => {
  const tables: Tables = [table(256, 255, 7), table(256, 255, 8), table(256, 255, 9)];
  const indices = indicesOf(R * C, 256);
  const padded = await loadStudy(await file(paletteSpec(R, C, indices, { tables, form: 'words' }, { bitsAllocated: 8 })));
  assert.deepEqual(padded.rgb, expectedRgb(indices, { tables }, false));
  assert.ok(!padded.notes.some((x) => x.startsWith('palette entries')), padded.notes.join('; '));

  const wide: Palette = { tables: [table(256, 65535, 10), table(256, 65535, 11), table(256, 65535, 12)], bits: 8, form: 'words' };
  const s = await loadStudy(await file(paletteSpec(R, C, indices, wide, { bitsAllocated: 8 })));
  assert.deepEqual(s.rgb, expectedRgb(indices, wide, true));
  assert.ok(s.notes.includes('palette entries hold 16-bit values though the descriptor says 8: read as 16-bit'), s.notes.join('; '));
});

test('signed values with a signed First Value Mapped (SS)', async () => {
  const p: Palette = { tables: [[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9], [255, 230, 205, 180, 155, 130, 105, 80, 55, 30, 5]], first: -5, descriptorVr: 'SS' };
  const values = [-300, -6, -5, -1, 0, 5, 6, 300];
  const s = await loadStudy(await file(paletteSpec(1, 8, values, p, { pixelRepresentation: 1 })));
  assert.deepEqual(s.rgb, expectedRgb(values, p, false));
});

test('segmented tables (discrete, linear, indirect) expand to the plain table they stand for', async () => {
  // 8-bit entries: segments count in bytes. The well-known SPRING palette (PS3.6 B.1): red 255,
  // green 0..255, blue 255..0, each a one-entry discrete segment and a 255-entry line.
  const spring = [bytes8([0, 1, 255, 1, 255, 255]), bytes8([0, 1, 0, 1, 255, 255]), bytes8([0, 1, 255, 1, 255, 0])] as [Buffer, Buffer, Buffer];
  const ramp = Array.from({ length: 256 }, (_, i) => i);
  const springTables: Tables = [ramp.map(() => 255), ramp, ramp.map((i) => 255 - i)];
  const indices = indicesOf(R * C, 256);
  const s = await loadStudy(await file(paletteSpec(R, C, indices, { tables: springTables, segments: spring }, { bitsAllocated: 8 })));
  assert.deepEqual(s.rgb, expectedRgb(indices, { tables: springTables }, false));

  // 16-bit entries: words. Discrete 3, a line of 4 to 40000, then an indirect copy of those two
  // segments (byte offset 0: the copied line starts again from the copied 20000), then a line of
  // 5 down to 0: 3 + 4 + 7 + 5 = 19 entries.
  const seg = le16([0, 3, 1000, 50000, 20000, 1, 4, 40000, 2, 2, 0, 0, 1, 5, 0]);
  const line = (y0: number, y1: number, len: number) => Array.from({ length: len }, (_, i) => Math.round(y0 + ((y1 - y0) * (i + 1)) / len));
  const head = [1000, 50000, 20000, ...line(20000, 40000, 4)];
  const expanded = [...head, ...head, ...line(40000, 0, 5)];
  const tables16: Tables = [expanded, expanded.map((v) => 65535 - v), expanded.map(() => 32768)];
  const segs16 = [seg, le16([0, 19, ...tables16[1]]), le16([0, 1, 32768, 1, 18, 32768])] as [Buffer, Buffer, Buffer];
  const idx = indicesOf(R * C, 19);
  const seg16 = await loadStudy(await file(paletteSpec(R, C, idx, { tables: tables16, bits: 16, segments: segs16 })));
  const plain16 = await loadStudy(await file(paletteSpec(R, C, idx, { tables: tables16, bits: 16, form: 'words' })));
  assert.deepEqual(seg16.rgb, expectedRgb(idx, { tables: tables16 }, true));
  assert.deepEqual(seg16.rgb, plain16.rgb);
});

test('RLE and several frames: the frame asked for, through the same tables; inspect hashes the stored values', async () => {
  const p: Palette = { tables: [table(256, 255, 13), table(256, 255, 14), table(256, 255, 15)] };
  const one = indicesOf(R * C, 256);
  const two = one.map((v) => 255 - v);
  const spec = paletteSpec(R, C, [...one, ...two], p, { bitsAllocated: 8, frames: 2 });
  const native = await file(spec);
  const rle = await file({ ...spec, rle: true });
  for (const path of [native, rle]) {
    assert.deepEqual((await loadStudy(path, { frame: 1 })).rgb, expectedRgb(two, p, false), path);
    assert.deepEqual((await loadStudy(path)).rgb, expectedRgb(one, p, false), path);
  }
  assert.equal((await inspectDicom(native)).pixelMd5, createHash('md5').update(pixelBytes(spec)).digest('hex'));
});

test('implicit VR without a meta header (descriptors and data without VRs)', async () => {
  const p: Palette = { tables: [table(256, 65535, 16), table(256, 65535, 17), table(256, 65535, 18)], bits: 16, form: 'words' };
  const indices = indicesOf(R * C, 256);
  const s = await loadStudy(await file(paletteSpec(R, C, indices, p, { bitsAllocated: 8, encoding: 'implicit-nometa' })));
  assert.deepEqual(s.rgb, expectedRgb(indices, p, true));
});

test('malformed palettes are refused with the file and the cause', async () => {
  const t = table(256, 255, 19);
  const ok: Palette = { tables: [t, t, t] };
  const idx = indicesOf(16, 256);
  const spec = (p: Palette, extra: Partial<DicomSpec> = {}) => paletteSpec(4, 4, idx, p, { bitsAllocated: 8, ...extra });
  const without = (drop: number) => ({ ...spec(ok), elements: paletteElements(ok).filter(([tag]) => tag !== drop) });
  await rejectsWith(await file(without(0x00281202)), 'CORRUPT', /has no green palette data \(0028,1202/);
  await rejectsWith(await file(without(0x00281103)), 'CORRUPT', /has no usable blue palette descriptor \(0028,1103\)/);
  const shortGreen = { ...spec(ok), elements: paletteElements(ok).map((e): [number, string, Buffer] => (e[0] === 0x00281202 ? [e[0], e[1], bytes8(t.slice(0, 200))] : e)) };
  await rejectsWith(await file(shortGreen), 'CORRUPT', /green palette data \(0028,1202\) holds 200 bytes where its descriptor \(256 entries of 8 bits\) needs 256 or 512/);
  await rejectsWith(await file(spec({ ...ok, bits: 16 })), 'CORRUPT', /red palette data \(0028,1201\) holds 256 bytes where its descriptor \(256 entries of 16 bits\) needs 512/);
  await rejectsWith(await file(spec({ ...ok, bits: 12 })), 'CORRUPT', /red palette descriptor says 12 bits per entry; DICOM allows 8 or 16/);
  await rejectsWith(await file(spec(ok, { samplesPerPixel: 3, pixels: [...idx, ...idx, ...idx] })), 'CORRUPT', /PALETTE COLOR image has 1 sample per pixel, but this one says 3/);
  const segmented = (red: number[]) => spec({ tables: [t, t, t], segments: [bytes8(red), bytes8([0, 1, 0, 1, 255, 255]), bytes8([0, 1, 0, 1, 255, 255])] });
  await rejectsWith(await file(segmented([1, 255, 255])), 'CORRUPT', /segmented red palette data \(0028,1221\) starts with a linear segment/);
  await rejectsWith(await file(segmented([0, 1, 0, 2, 1, 200, 0, 0, 0])), 'CORRUPT', /indirect segment pointing to byte 200, outside its/);
  await rejectsWith(await file(segmented([0, 1, 0, 1, 100, 255])), 'CORRUPT', /expands to 101 entries where its descriptor says 256/);
  await rejectsWith(await file(segmented([0, 1, 0, 7, 1, 0])), 'CORRUPT', /segment of unknown type 7/);
  await rejectsWith(await file(segmented([0, 200, 1, 2])), 'CORRUPT', /ends inside a segment/);
});

describe('dcmtk renders the same colours, pixel for pixel', { skip: dcmtkMissing('dcm2pnm', 'dcmconv') }, () => {
  const SOURCE = join(DICOM_DIR, 'small', 'cr8_mono2_512_explicitLE.dcm');

  async function sameAsDcmtk(path: string, s: Study, args: string[] = []): Promise<void> {
    const ref = await dcmtkRender(path, args);
    assert.deepEqual([ref.width, ref.height, ref.channels], [s.columns, s.rows, 3]);
    const d = maxAndMeanDiff(s.rgb ?? new Uint8Array(), ref.pixels);
    assert.deepEqual(d, { max: 0, mean: 0, differing: 0 }, `${path} vs dcm2pnm ${args.join(' ')}`);
  }

  test('8- and 16-bit tables, clamps, 8-bit descriptors over words, big endian', async () => {
    const indices8 = indicesOf(R * C, 256);
    const cases: [DicomSpec, string[]][] = [
      [paletteSpec(R, C, indices8, { tables: [table(256, 255, 20), table(256, 255, 21), table(256, 255, 22)] }, { bitsAllocated: 8 }), []],
      [paletteSpec(R, C, indices8, { tables: [table(256, 65535, 23), table(256, 65535, 24), table(256, 65535, 25)], bits: 16, form: 'words' }, { bitsAllocated: 8 }), []],
      [paletteSpec(R, C, indicesOf(R * C, 4096), { tables: [table(2000, 65535, 26), table(2000, 65535, 27), table(2000, 65535, 28)], first: 100, bits: 16, form: 'words' }, { bitsStored: 12 }), []],
      [paletteSpec(R, C, indices8, { tables: [table(256, 255, 29), table(256, 255, 30), table(256, 255, 31)], form: 'words' }, { bitsAllocated: 8 }), []],
      // 16-bit values under an 8-bit descriptor: dcm2pnm reads them so when told to check the depth (+Mc).
      [paletteSpec(R, C, indices8, { tables: [table(256, 65535, 32), table(256, 65535, 33), table(256, 65535, 34)], form: 'words' }, { bitsAllocated: 8 }), ['+Mc']],
    ];
    for (const [spec, args] of cases) {
      const path = await file(spec);
      const s = await loadStudy(path);
      await sameAsDcmtk(path, s, args);
      // The same file in explicit VR big endian (words swapped, 8-bit entries two to a word).
      const big = `${path}.be.dcm`;
      await run('dcmconv', ['+tb', path, big]);
      const b = await loadStudy(big);
      assert.equal(b.transferSyntaxUid, '1.2.840.10008.1.2.2');
      assert.deepEqual(b.rgb, s.rgb, `${big}: same colours as little endian`);
      await sameAsDcmtk(big, b, args);
    }
  });

  test('a real radiograph through a palette; segmented tables against dcmtk on their plain expansion', { skip: skipUnless(SOURCE) }, async () => {
    const chest = await loadStudy(SOURCE);
    const indices = Array.from(chest.values);
    // A hot-iron-like palette: red rises first, then green, then blue.
    const ramp = (from: number) => Array.from({ length: 256 }, (_, i) => Math.max(0, Math.min(255, Math.round((i - from) * 3))));
    const tables: Tables = [ramp(0), ramp(85), ramp(170)];
    const path = await file(paletteSpec(chest.rows, chest.columns, indices, { tables }, { bitsAllocated: 8 }));
    const s = await loadStudy(path);
    await sameAsDcmtk(path, s);
    assert.deepEqual(s.rgb, expectedRgb(indices, { tables }, false));

    // dcm2pnm ignores segmented tables: it renders the plain table the segments stand for, expanded
    // here by the standard's rule (a line ends on its y1; C.7.9.2.2).
    type Segment = ['discrete', number[]] | ['line', number, number];
    const channel = (from: number): Segment[] => [['discrete', [0]], ['line', from, 0], ['line', 80, 65535], ['line', 255 - from - 80, 65535]];
    const encode = (segs: Segment[]) => le16(segs.flatMap((g) => (g[0] === 'discrete' ? [0, g[1].length, ...g[1]] : [1, g[1], g[2]])));
    const expand = (segs: Segment[]) => {
      const out: number[] = [];
      for (const g of segs) {
        if (g[0] === 'discrete') out.push(...g[1]);
        else for (let i = 1, y0 = out[out.length - 1]; i <= g[1]; i++) out.push(Math.round(y0 + ((g[2] - y0) * i) / g[1]));
      }
      return out;
    };
    const chans = [channel(0), channel(85), channel(170)];
    const plainTables = chans.map(expand) as Tables;
    assert.ok(plainTables.every((t) => t.length === 256));
    const segPath = await file(paletteSpec(chest.rows, chest.columns, indices, { tables: plainTables, bits: 16, segments: chans.map(encode) as [Buffer, Buffer, Buffer] }, { bitsAllocated: 8 }));
    const plainPath = await file(paletteSpec(chest.rows, chest.columns, indices, { tables: plainTables, bits: 16, form: 'words' }, { bitsAllocated: 8 }));
    const fromSegments = await loadStudy(segPath);
    await sameAsDcmtk(plainPath, fromSegments);
    assert.deepEqual(fromSegments.rgb, (await loadStudy(plainPath)).rgb);
  });
});
