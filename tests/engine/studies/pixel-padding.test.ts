// Pixel Padding Value (0028,0120) and Pixel Padding Range Limit (0028,0121) mark stored values that
// lie outside the image (PS3.3 C.7.5.1.1.2). They are left out of the automatic window and the
// polarity measure and shown black (whatever the polarity), to the reader and the model, with a
// note (review 42, F2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { percentileWindow } from '../../../src-main/engine/studies/window/auto-window';
import { decidePolarity } from '../../../src-main/engine/studies/dicom/polarity';
import { chestPhantom, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { word } from './lut-sequence-element';

const ROWS = 96;
const COLUMNS = 96;
const BORDER = 12;
const isBorder = (i: number) => {
  const r = Math.floor(i / COLUMNS);
  const c = i % COLUMNS;
  return r < BORDER || r >= ROWS - BORDER || c < BORDER || c >= COLUMNS - BORDER;
};
const CHEST = { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA' };

let n = 0;
async function file(spec: Omit<DicomSpec, 'rows' | 'columns'>): Promise<string> {
  const dir = await tempDir('alveo-padding-');
  return writeDicom(join(dir, `p${++n}.dcm`), { rows: ROWS, columns: COLUMNS, bitsStored: 12, ...spec });
}

/** A MONOCHROME1 chest (values 1200..3800, low = bright) with its border set to `pad(i)`. */
function paddedChest(pad: (i: number) => number): number[] {
  return chestPhantom(ROWS, COLUMNS, 3800, 1200).map((v, i) => (isBorder(i) ? pad(i) : v));
}

test('a padded border (Pixel Padding Value 0) is left out of the automatic window and shown black on a MONOCHROME1 image, with a note', async () => {
  const pixels = paddedChest(() => 0);
  const s = await loadStudy(await file({ pixels, photometricInterpretation: 'MONOCHROME1', attributes: CHEST, elements: [[0x00280120, 'US', word(0)]] }));
  const inner = Float32Array.from(pixels.filter((_, i) => !isBorder(i)));
  const expected = percentileWindow(inner, Math.min(...inner), Math.max(...inner));
  assert.equal(s.windowSource, 'auto');
  assert.ok(Math.abs(s.window.center - expected.center) < 1e-6 && Math.abs(s.window.width - expected.width) < 1e-6, `${JSON.stringify(s.window)} vs ${JSON.stringify(expected)}`);
  assert.equal(s.invert, true);
  const borderPixels = pixels.filter((_, i) => isBorder(i)).length;
  assert.equal(s.padding?.pixels, borderPixels);
  assert.deepEqual(s.display.padding, { value: 0, pixels: borderPixels });
  const share = Number(((100 * borderPixels) / pixels.length).toFixed(1));
  assert.ok(s.notes.includes(`pixel padding: ${share}% of pixels (value 0) left out of the window and shown black`), s.notes.join(' | '));
  const px = displayPixels(s);
  for (let i = 0; i < px.length; i++) if (isBorder(i)) assert.equal(px[i], 0, `padded pixel ${i} is black`);
  // Any window the viewer asks for, either polarity: padding stays black.
  const other = displayPixels(s, { center: 100, width: 50 }, false);
  assert.equal(other[0], 0);
  // The anatomy uses the whole grey scale, as without the border.
  const levels = px.filter((_, i) => !isBorder(i));
  assert.equal(Math.max(...levels), 255);
  assert.equal(Math.min(...levels), 0);
});

test('Pixel Padding Range Limit: every stored value between it and the Padding Value (either way round) is padding', async () => {
  const pixels = paddedChest((i) => (i * 7) % 301); // noise 0..300
  for (const [value, limit] of [[0, 300], [300, 0]]) {
    const s = await loadStudy(
      await file({ pixels, photometricInterpretation: 'MONOCHROME1', attributes: CHEST, elements: [[0x00280120, 'US', word(value)], [0x00280121, 'US', word(limit)]] }),
    );
    assert.equal(s.padding?.pixels, pixels.filter((_, i) => isBorder(i)).length);
    assert.ok(s.notes.some((t) => t.startsWith('pixel padding: ') && t.includes('(values 0..300)')), s.notes.join(' | '));
    const px = displayPixels(s);
    assert.ok(px.every((v, i) => !isBorder(i) || v === 0));
  }
});

test('padding is judged on stored values, before rescale; signed pixels read the padding value as SS', async () => {
  // Stored 0 is padding; after rescale it would read -1000, which is no padding value.
  const pixels = paddedChest(() => 0);
  const rescaled = await loadStudy(await file({ pixels, rescale: { slope: 2, intercept: -1000 }, elements: [[0x00280120, 'US', word(0)]] }));
  assert.equal(rescaled.values[0], -1000);
  assert.equal(rescaled.padding?.pixels, pixels.filter((_, i) => isBorder(i)).length);
  // Signed 12-bit: the border stored as -2048 (0x800), Pixel Padding Value SS -2048.
  const signedPixels = paddedChest(() => -2048 & 0xfff).map((v, i) => (isBorder(i) ? v : v - 2000) & 0xfff);
  const signed = await loadStudy(await file({ pixels: signedPixels, pixelRepresentation: 1, elements: [[0x00280120, 'SS', word(-2048, 'SS')]] }));
  assert.equal(signed.values[0], -2048);
  assert.equal(signed.padding?.pixels, pixels.filter((_, i) => isBorder(i)).length);
  assert.ok(signed.notes.some((t) => t.includes('(value -2048)')), signed.notes.join(' | '));
});

test('without the tag nothing is padding; a padding value no pixel has, or one every pixel has, leaves the image as it is', async () => {
  const pixels = paddedChest(() => 0);
  const plain = await loadStudy(await file({ pixels }));
  assert.equal(plain.padding, undefined);
  assert.equal(plain.display.padding, undefined);
  const unused = await loadStudy(await file({ pixels, elements: [[0x00280120, 'US', word(4095)]] }));
  assert.equal(unused.padding, undefined);
  assert.deepEqual(unused.window, plain.window);
  assert.ok(!unused.notes.some((t) => t.includes('padding')), unused.notes.join(' | '));
  const flat = await loadStudy(await file({ pixels: new Array(ROWS * COLUMNS).fill(7), elements: [[0x00280120, 'US', word(7)]] }));
  assert.equal(flat.padding, undefined);
  assert.ok(flat.notes.includes('pixel padding ignored (Pixel Padding Value 7 matches every pixel)'), flat.notes.join(' | '));
});

test('the polarity measure leaves padding out: a dark padded block over the spine does not overrule a correct header', () => {
  const rows = 100;
  const columns = 100;
  const values = Float32Array.from(chestPhantom(rows, columns, 0, 255));
  const mask = new Uint8Array(rows * columns);
  // Padding (value 0, black) over most of the spine strip the measure reads (rows 25-72%).
  for (let r = 25; r < 72; r++) for (let c = 45; c < 55; c++) {
    values[r * columns + c] = 0;
    mask[r * columns + c] = 1;
  }
  const input = {
    photometricInterpretation: 'MONOCHROME2',
    values,
    rows,
    columns,
    window: { center: 127.5, width: 256 },
    voiLutFunction: 'LINEAR' as const,
    attributes: CHEST,
  };
  assert.equal(decidePolarity(input).invert, true, 'counted, the padding makes the spine look dark: the header would be overruled');
  const p = decidePolarity({ ...input, paddingMask: mask });
  assert.equal(p.invert, false);
  assert.equal(p.note, undefined);
  assert.ok((p.contrast ?? 0) > 100, String(p.contrast));
});
