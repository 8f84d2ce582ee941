// Pixel padding (Pixel Padding Value 0028,0120, PS3.3 C.7.5.1.1.2) on the canvas, in Debian
// Chromium against the web host and the real engine: the padded border is drawn black as the
// model reads it, upright, inverted, under a window that would draw its value white, and in a
// MONOCHROME1 file whose padding value is its brightest; the image inside is drawn as before (the
// engine's levels); the hover readout and the probe say a padded pixel is padding, not a value.
// And the readout of a file whose Modality LUT Sequence made the values: its stored value, the
// LUT's output and the unit of its Modality LUT Type, the file's rescale not used.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { displayPixels } from '../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../src-main/engine/studies/load-study';
import { writeDicom } from '../fixtures/write-dicom';
import { modalityLutSequence } from '../engine/studies/lut-sequence-element';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

// 16 x 16 blocks of 16 x 16 pixels; the outer two rings of blocks (32 pixels) are the padded border.
const SIZE = 256;
const BLOCK = 16;
const blockOf = (i: number) => Math.floor(i / SIZE / BLOCK) * 16 + Math.floor((i % SIZE) / BLOCK);
const onBorder = (k: number) => k % 16 < 2 || k % 16 > 13 || k < 32 || k >= 224;
const CENTRES: [number, number][] = Array.from({ length: 256 }, (_, k) => [(k % 16) * BLOCK + BLOCK / 2, Math.floor(k / 16) * BLOCK + BLOCK / 2]);
const BORDER = [...CENTRES.keys()].filter(onBorder);
const INSIDE = [...CENTRES.keys()].filter((k) => !onBorder(k));
const PADDING_TEXT = 'padding (outside the image)';

const us = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};

describe('pixel padding in the viewer', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  /** A 12-bit image, interior 1000 + 4k per block, border `pad`, which the file declares padding. */
  async function padded(name: string, pad: number, photometricInterpretation: string): Promise<string> {
    const pixels = Array.from({ length: SIZE * SIZE }, (_, i) => (onBorder(blockOf(i)) ? pad : 1000 + 4 * blockOf(i)));
    return writeDicom(join(app.scratch, name), {
      rows: SIZE,
      columns: SIZE,
      bitsStored: 12,
      photometricInterpretation,
      pixels,
      attributes: { WindowCenter: '1500\\500', WindowWidth: '1000\\100' },
      elements: [[0x00280120, 'US', us(pad)]],
    });
  }

  async function levels(): Promise<number[]> {
    await app.viewer.settle();
    return (await app.viewer.sampleAtImagePoints(SIZE, SIZE, CENTRES)).map(Math.round);
  }

  /** What the model reads at the block centres, for window w and polarity `invert` (the study's own by default). */
  async function modelLevels(file: string, w: { center: number; width: number }, invert?: boolean): Promise<number[]> {
    const g = displayPixels(await loadStudy(file), w, invert);
    return CENTRES.map(([x, y]) => g[y * SIZE + x]);
  }

  function check(drawn: number[], model: number[], what: string): void {
    assert.deepEqual(BORDER.map((k) => drawn[k]), BORDER.map(() => 0), `${what}: the padded border is black`);
    assert.deepEqual(INSIDE.map((k) => drawn[k]), INSIDE.map((k) => model[k]), `${what}: the image inside is drawn as the model reads it`);
  }

  test('a padded border is black upright, inverted and under a window that draws its value white; the readout and the probe say padding', async () => {
    const file = await padded('padding-top.dcm', 4095, 'MONOCHROME2');
    const study = await loadStudy(file);
    assert.ok(study.padding, 'the engine finds the padding');
    await app.viewer.open(file);
    await app.viewer.waitForDrawn(file);
    const v = app.viewer;

    const upright = await levels();
    check(upright, await modelLevels(file, { center: 1500, width: 1000 }), 'upright, C 1500 W 1000');
    assert.ok(INSIDE.some((k) => upright[k] > 100), 'the image inside is not black');

    // C 500 W 100: everything above 550 is white, the padding value 4095 included, but for padding.
    await v.applyPreset('file-1');
    const bright = await levels();
    check(bright, await modelLevels(file, { center: 500, width: 100 }), 'C 500 W 100');
    assert.ok(INSIDE.every((k) => bright[k] === 255), 'the image inside is white at this window');

    await app.page.getByTestId('invert').click();
    check(await levels(), await modelLevels(file, { center: 500, width: 100 }, !study.invert), 'inverted, C 500 W 100');
    await v.applyPreset('file-0');
    check(await levels(), await modelLevels(file, { center: 1500, width: 1000 }, !study.invert), 'inverted, C 1500 W 1000');

    // The readout and the probe over the border name padding; inside, the value.
    const border = await v.pageAtImagePoint(SIZE, SIZE, 3.5, 3.5);
    await app.page.mouse.move(border.x, border.y);
    assert.equal(await app.page.getByTestId('pixel-readout').innerText(), `x 3 · y 3\n${PADDING_TEXT}`);
    const inside = await v.pageAtImagePoint(SIZE, SIZE, 40.5, 40.5);
    await app.page.mouse.move(inside.x, inside.y);
    assert.equal(await app.page.getByTestId('pixel-readout').innerText(), `x 40 · y 40\nvalue ${1000 + 4 * (2 * 16 + 2)}`);
    await app.page.keyboard.press('x');
    await app.page.mouse.click(border.x, border.y);
    await v.measurements().first().waitFor();
    assert.equal(await v.measurements().first().innerText(), `${PADDING_TEXT} at (3, 3)`);
    await app.page.keyboard.press('w');
  });

  test('MONOCHROME1 padded with its brightest value (stored 0) is drawn black, upright and inverted', async () => {
    const file = await padded('padding-mono1.dcm', 0, 'MONOCHROME1');
    const study = await loadStudy(file);
    await app.viewer.open(file);
    await app.viewer.waitForDrawn(file);
    check(await levels(), await modelLevels(file, { center: 1500, width: 1000 }), 'MONOCHROME1');
    await app.page.getByTestId('invert').click();
    check(await levels(), await modelLevels(file, { center: 1500, width: 1000 }, !study.invert), 'MONOCHROME1 inverted');
  });

  test('a Modality LUT file reads its stored value, the LUT output and the LUT type as the unit', async () => {
    const cols = 16;
    const lut = { firstValueMapped: 0, bitsPerEntry: 16, data: Array.from({ length: 256 }, (_, i) => 1000 + 3 * i), type: 'OD' };
    const file = await writeDicom(join(app.scratch, 'modality-lut.dcm'), {
      rows: cols,
      columns: cols,
      bitsStored: 12,
      pixels: Array.from({ length: cols * cols }, (_, i) => i),
      rescale: { slope: 2, intercept: -1000 },
      elements: [[0x00283000, 'SQ', modalityLutSequence(lut)]],
    });
    await app.viewer.open(file);
    await app.viewer.waitForDrawn(file);
    const p = await app.viewer.pageAtImagePoint(cols, cols, 5.5, 2.5);
    await app.page.mouse.move(p.x, p.y);
    assert.equal(await app.page.getByTestId('pixel-readout').innerText(), `x 5 · y 2\nstored 37 → value ${1000 + 3 * 37} OD`);
  });
});
