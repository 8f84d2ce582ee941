// Uncompressed YBR_FULL_422 and YBR_PARTIAL_422 (PS3.3 C.7.6.3.1.2: Y1 Y2 Cb Cr for each two
// pixels of a row, the chroma taken at the first) that the test writes itself from RGB pictures.
// Full range shows exactly as its YBR_FULL twin (the chroma repeated) and is read the same way;
// partial range shows the source colours and reads like an RGB file of them. dcmtk's dcm2pnm
// renders the same files for comparison, also from a real radiograph's colour capture.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudy } from '../../../../src-main/engine/studies/load-study';
import { inspectDicom } from '../../../../src-main/engine/studies/inspect-dicom';
import { modelPixels } from '../../../../src-main/engine/inference/preprocess';
import { checkStudy } from '../../../../src-main/engine/guardrails/check-study';
import type { Study } from '../../../../src-main/engine/studies/study';
import { pixelBytes, writeDicom, type DicomSpec } from '../../../fixtures/write-dicom';
import { dcmtkMissing, dcmtkRender, maxAndMeanDiff } from '../../../fixtures/dcmtk-render';
import { writeColourCaptures } from '../../../fixtures/colour-dicoms';
import { testCard } from '../../inference/support/test-card';
import { DICOM_DIR, skipUnless } from '../shared-data';
import { rejectsWithFileError } from '../../../support/rejects-with-file-error';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-ybr422-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const file = (spec: DicomSpec) => writeDicom(join(dir, `y${++n}.dcm`), spec);
const card = testCard({ id: 'ybr', inputSize: 32, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'test' } });
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** A smooth colour picture (chroma changes slowly along a row, as in real images) plus some detail. */
function picture(rows: number, columns: number): Uint8Array {
  const rgb = new Uint8Array(rows * columns * 3);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const i = 3 * (y * columns + x);
      rgb[i] = clamp((255 * x) / columns + (y % 7) * 3, 0, 255);
      rgb[i + 1] = clamp((255 * y) / rows, 0, 255);
      rgb[i + 2] = clamp(255 - (255 * (x + y)) / (rows + columns), 0, 255);
    }
  }
  return rgb;
}

/** PS3.3 C.7.6.3.1.2's equations, RGB to Y Cb Cr, full or partial range. */
function toYbr(r: number, g: number, b: number, partial: boolean): [number, number, number] {
  if (partial) {
    return [
      clamp(0.2568 * r + 0.5041 * g + 0.0979 * b + 16, 0, 255),
      clamp(-0.1482 * r - 0.291 * g + 0.4392 * b + 128, 0, 255),
      clamp(0.4392 * r - 0.3678 * g - 0.0714 * b + 128, 0, 255),
    ];
  }
  return [
    clamp(0.299 * r + 0.587 * g + 0.114 * b, 0, 255),
    clamp(-0.1687 * r - 0.3313 * g + 0.5 * b + 128, 0, 255),
    clamp(0.5 * r - 0.4187 * g - 0.0813 * b + 128, 0, 255),
  ];
}

/** The 4:2:2 samples (Y1 Y2 Cb Cr, chroma of the first pixel) and the same as YBR_FULL triplets. */
function subsample(rgb: Uint8Array, partial: boolean, scale = 1): { packed: number[]; triplets: number[] } {
  const packed: number[] = [];
  const triplets: number[] = [];
  for (let p = 0; p < rgb.length / 6; p++) {
    const [y1, cb, cr] = toYbr(rgb[6 * p], rgb[6 * p + 1], rgb[6 * p + 2], partial).map((v) => v * scale);
    const [y2] = toYbr(rgb[6 * p + 3], rgb[6 * p + 4], rgb[6 * p + 5], partial).map((v) => v * scale);
    packed.push(y1, y2, cb, cr);
    triplets.push(y1, cb, cr, y2, cb, cr);
  }
  return { packed, triplets };
}

const rejectsWith = (path: string, code: string, words: RegExp): Promise<void> => rejectsWithFileError(loadStudy(path), path, code, words);

const R = 40;
const C = 64;
const colour = (photometricInterpretation: string, pixels: number[], extra: Partial<DicomSpec> = {}): DicomSpec => ({
  rows: R,
  columns: C,
  bitsAllocated: 8,
  samplesPerPixel: 3,
  photometricInterpretation,
  pixels,
  ...extra,
});

test('YBR_FULL_422 shows and reads exactly as its YBR_FULL twin; the model reads Y; flagged as colour', async () => {
  const src = picture(R, C);
  const { packed, triplets } = subsample(src, false);
  const s = await loadStudy(await file(colour('YBR_FULL_422', packed, { attributes: { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA', PatientAge: '003Y' } })));
  const twin = await loadStudy(await file(colour('YBR_FULL', triplets)));
  assert.equal(s.photometricInterpretation, 'YBR_FULL_422');
  assert.ok(s.rgb, 'shown in colour');
  assert.deepEqual(s.rgb, twin.rgb);
  assert.deepEqual(Array.from(s.values), triplets.filter((_, i) => i % 3 === 0), 'values are Y, as for YBR_FULL');
  assert.deepEqual([s.minValue, s.maxValue, s.window, s.windowSource], [twin.minValue, twin.maxValue, twin.window, twin.windowSource]);
  assert.deepEqual(await modelPixels(s, card), await modelPixels(twin, card));
  assert.ok(s.notes.includes('colour image (YBR_FULL_422): the AI reads its grayscale luminance'), s.notes.join('; '));
  assert.ok(!s.notes.some((n) => /Planar Configuration/.test(n)), s.notes.join('; '));
  assert.ok(checkStudy(s, card).some((g) => g.code === 'colour'));
  // Planar Configuration 1 is not allowed for 4:2:2: the same samples are read as 0, and said.
  const planar = await loadStudy(await file(colour('YBR_FULL_422', packed, { planarConfiguration: 1 })));
  assert.deepEqual(planar.rgb, s.rgb);
  assert.ok(planar.notes.includes("Planar Configuration 1 is not allowed for YBR_FULL_422 (the standard requires 0): read as 0, each two pixels' Y1 Y2 Cb Cr together"), planar.notes.join('; '));
  // Chroma at half the horizontal resolution: near the source colours, not equal.
  const d = maxAndMeanDiff(s.rgb, src);
  assert.ok(d.mean < 1.5 && d.max <= 8, JSON.stringify(d));
});

test('16-bit samples, several frames, the stored bytes hashed by inspect, truncated data refused', async () => {
  const src = picture(R, C);
  const one = subsample(src, false, 4); // 10 bits stored
  const two = subsample(src.map((v) => 255 - v), false, 4);
  const spec = colour('YBR_FULL_422', [...one.packed, ...two.packed], { bitsAllocated: 16, bitsStored: 10, frames: 2 });
  const path = await file(spec);
  const twin = await file(colour('YBR_FULL', [...one.triplets, ...two.triplets], { bitsAllocated: 16, bitsStored: 10, frames: 2 }));
  for (const frame of [0, 1]) {
    const s = await loadStudy(path, { frame });
    assert.deepEqual(s.rgb, (await loadStudy(twin, { frame })).rgb, `frame ${frame + 1}`);
  }
  assert.equal((await inspectDicom(path)).pixelMd5, createHash('md5').update(pixelBytes(spec)).digest('hex'));
  const short = await file({ ...spec, frames: 1, pixels: one.packed.slice(0, one.packed.length - 8) });
  await rejectsWith(short, 'CORRUPT', new RegExp(`frame 1 needs ${R * C * 2 * 2} bytes; ${R * C * 2 * 2 - 16} present`));
});

test('YBR_PARTIAL_422 shows the source colours and reads like an RGB file of them', async () => {
  const src = picture(R, C);
  const { packed } = subsample(src, true);
  const s = await loadStudy(await file(colour('YBR_PARTIAL_422', packed)));
  assert.equal(s.photometricInterpretation, 'YBR_PARTIAL_422');
  assert.ok(s.rgb);
  const d = maxAndMeanDiff(s.rgb, src);
  assert.ok(d.mean < 1.5 && d.max <= 8, JSON.stringify(d));
  const twin = await loadStudy(await file({ rows: R, columns: C, bitsAllocated: 8, samplesPerPixel: 3, pixels: Array.from(s.rgb) }));
  assert.deepEqual(s.values, twin.values);
  assert.deepEqual([s.window, s.windowSource], [twin.window, twin.windowSource]);
  assert.deepEqual(await modelPixels(s, card), await modelPixels(twin, card));
});

test('odd columns, YBR_PARTIAL_420 uncompressed and a 4:2:2 file of one sample are refused with the file and why', async () => {
  await rejectsWith(await file(colour('YBR_FULL_422', new Array(R * 63 * 2).fill(128), { columns: 63 })), 'CORRUPT', /YBR_FULL_422 .*odd number of columns \(63\)/);
  await rejectsWith(await file(colour('YBR_PARTIAL_420', new Array(R * C * 3).fill(128))), 'UNSUPPORTED', /uncompressed YBR_PARTIAL_420 pixel data is not supported/);
  await rejectsWith(await file(colour('YBR_FULL_422', new Array(R * C).fill(128), { samplesPerPixel: 1 })), 'CORRUPT', /YBR_FULL_422 image has 3 samples per pixel, but this one says 1/);
});

describe('dcmtk renders the same colours', { skip: dcmtkMissing('dcm2pnm') }, () => {
  const SOURCE = join(DICOM_DIR, 'small', 'cr8_mono2_512_explicitLE.dcm');

  /**
   * dcm2pnm truncates where Alveo rounds and uses 4-digit coefficients (dcmimage/diyf2pxt.h,
   * diyp2pxt.h), so the two may differ by a level or two; never more.
   */
  async function nearDcmtk(path: string, s: Study): Promise<{ max: number; mean: number; differing: number }> {
    const ref = await dcmtkRender(path);
    assert.deepEqual([ref.width, ref.height, ref.channels], [s.columns, s.rows, 3]);
    const d = maxAndMeanDiff(s.rgb ?? new Uint8Array(), ref.pixels);
    assert.ok(d.max <= 2 && d.mean < 0.75, `${path} vs dcm2pnm: ${JSON.stringify(d)}`);
    return d;
  }

  test('drawn pictures, full and partial range', async () => {
    const src = picture(R, C);
    for (const [photometric, partial] of [['YBR_FULL_422', false], ['YBR_PARTIAL_422', true]] as const) {
      const path = await file(colour(photometric, subsample(src, partial).packed));
      await nearDcmtk(path, await loadStudy(path));
    }
  });

  test("a real radiograph's colour capture as YBR_FULL_422 and YBR_PARTIAL_422", { skip: skipUnless(SOURCE) }, async () => {
    const { capture } = await writeColourCaptures(SOURCE, dir);
    const { rows, rgb } = capture.image;
    // An even width, as 4:2:2 needs: the last column dropped when odd.
    const columns = capture.image.columns - (capture.image.columns % 2);
    const even = new Uint8Array(rows * columns * 3);
    for (let y = 0; y < rows; y++) even.set(rgb.subarray(3 * y * capture.image.columns, 3 * (y * capture.image.columns + columns)), 3 * y * columns);
    for (const [photometric, partial] of [['YBR_FULL_422', false], ['YBR_PARTIAL_422', true]] as const) {
      const path = await file({ rows, columns, bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: photometric, pixels: subsample(even, partial).packed });
      const s = await loadStudy(path);
      await nearDcmtk(path, s);
      const fromSource = maxAndMeanDiff(s.rgb ?? new Uint8Array(), even);
      assert.ok(fromSource.mean < 2, `${photometric} vs the capture's colours: ${JSON.stringify(fromSource)}`);
    }
  });
});
