// The grey levels the viewer draws, checked on the canvas against DICOM PS3.3 (review 42, a
// physicist's acceptance test), in Debian Chromium against the web host and the real engine:
// LINEAR (the default when a file names no VOI LUT Function: W 1 is a threshold at C) and
// LINEAR_EXACT drawn by their own formulas and named in the corner (F1), a SIGMOID over more than
// 65,536 values drawn as a sigmoid (F5), and the probe and the hover readout reading the pixel
// under the cursor (F4) with its exact value and the stored value it came from (F7).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { displayPixels } from '../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../src-main/engine/studies/load-study';
import { writeDicom, type DicomSpec } from '../fixtures/write-dicom';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

// A step wedge: 16 x 16 blocks of 16 x 16 pixels, one value per block, so the centre of a block
// reads the same on the canvas whatever the interpolation.
const SIZE = 256;
const BLOCK = 16;
const CENTRES: [number, number][] = Array.from({ length: 256 }, (_, k) => [(k % 16) * BLOCK + BLOCK / 2, Math.floor(k / 16) * BLOCK + BLOCK / 2]);

function wedge(valueOfBlock: (k: number) => number): number[] {
  return Array.from({ length: SIZE * SIZE }, (_, i) => valueOfBlock(Math.floor(i / SIZE / BLOCK) * 16 + Math.floor((i % SIZE) / BLOCK)));
}

/** LINEAR, C.11.2.1.2.1, for integer x, c and w >= 1: ((x - (c - 0.5)) / (w - 1) + 0.5) * 255 exactly, truncated. */
function linearLevel(x: number, c: number, w: number): number {
  if (2 * x <= 2 * c - 1 - (w - 1)) return 0;
  if (2 * x > 2 * c - 1 + (w - 1)) return 255;
  return Math.min(255, Math.floor((255 * (2 * (x - c) + w)) / (2 * (w - 1))));
}

/** LINEAR_EXACT, C.11.2.1.3.2: ((x - c) / w + 0.5) * 255, clamped and rounded (half to even, as the engine stores it). */
function linearExactLevel(x: number, c: number, w: number): number {
  return Uint8ClampedArray.of(((x - c) / w + 0.5) * 255)[0];
}

describe('the VOI LUT Function on the canvas', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let n = 0;
  const dicom = (spec: Partial<DicomSpec>) => writeDicom(join(app.scratch, `voi-${++n}.dcm`), { rows: SIZE, columns: SIZE, bitsStored: 12, pixels: null, ...spec });

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  async function show(file: string): Promise<void> {
    await app.viewer.open(file);
    await app.viewer.waitForDrawn(file);
  }

  /** Grey levels at the block centres, as drawn. */
  async function levels(): Promise<number[]> {
    await app.viewer.settle();
    return (await app.viewer.sampleAtImagePoints(SIZE, SIZE, CENTRES)).map(Math.round);
  }

  /** The engine's display (what the model reads) at the block centres, for window w. */
  async function modelLevels(file: string, w: { center: number; width: number }): Promise<number[]> {
    const study = await loadStudy(file);
    const g = displayPixels(study, w);
    return CENTRES.map(([x, y]) => g[y * SIZE + x]);
  }

  async function firstLine(): Promise<string> {
    return (await app.viewer.windowReadout()).split('\n')[0];
  }

  test('a file naming no function is LINEAR: W 1 is a threshold at C, W 3 and W 10 as C.11.2.1.2.1 gives them', async () => {
    const value = (k: number) => 990 + (k % 21); // 990 … 1010
    const file = await dicom({ pixels: wedge(value), attributes: { WindowCenter: '1000\\1000\\1000', WindowWidth: '1\\3\\10' } });
    await show(file);
    for (const [i, width] of [1, 3, 10].entries()) {
      await app.viewer.applyPreset(`file-${i}`);
      const drawn = await levels();
      const expected = CENTRES.map((_, k) => linearLevel(value(k), 1000, width));
      assert.deepEqual(drawn, expected, `LINEAR W ${width}: canvas vs PS3.3`);
      assert.deepEqual(drawn, await modelLevels(file, { center: 1000, width }), `LINEAR W ${width}: canvas vs the model's input`);
      assert.equal(await firstLine(), `W ${width} · L 1000`, 'the default function is not named');
    }
    // The review's row: 998 999 1000 1001 1002 at W 1 read 0 0 128 255 255 (cornerstone's own window).
    await app.viewer.applyPreset('file-0');
    const at = async (v: number) => (await levels())[[...CENTRES.keys()].find((k) => value(k) === v)!];
    assert.deepEqual([await at(999), await at(1000), await at(1001)], [0, 255, 255], 'value C is white at W 1');
  });

  test('LINEAR_EXACT is drawn as the file asks, W 0.5 included, and named in the corner', async () => {
    const value = (k: number) => 990 + (k % 21);
    const file = await dicom({ pixels: wedge(value), attributes: { WindowCenter: '1000\\1000\\1000', WindowWidth: '3\\10\\0.5', VOILUTFunction: 'LINEAR_EXACT' } });
    await show(file);
    for (const [i, width] of [3, 10, 0.5].entries()) {
      await app.viewer.applyPreset(`file-${i}`);
      const drawn = await levels();
      assert.deepEqual(drawn, CENTRES.map((_, k) => linearExactLevel(value(k), 1000, width)), `LINEAR_EXACT W ${width}: canvas vs PS3.3`);
      assert.deepEqual(drawn, await modelLevels(file, { center: 1000, width }), `LINEAR_EXACT W ${width}: canvas vs the model's input`);
      assert.match(await firstLine(), new RegExp(`^W ${String(width).replace('.', '\\.')}0* · L 1000 · LINEAR_EXACT$`));
    }
  });

  test('a SIGMOID over 131,071 values (rescale slope 2) is drawn as the sigmoid, as the model reads it', async () => {
    const stored = (k: number) => k * 257; // 0 … 65535
    const file = await dicom({
      bitsStored: 16,
      pixels: wedge(stored),
      rescale: { slope: 2, intercept: 0 },
      window: { center: 65535, width: 40000 },
      attributes: { VOILUTFunction: 'SIGMOID' },
    });
    await show(file);
    const drawn = await levels();
    const sigmoid = CENTRES.map((_, k) => Math.round(255 / (1 + Math.exp((-4 * (2 * stored(k) - 65535)) / 40000))));
    assert.deepEqual(drawn, sigmoid, 'canvas vs C.11.2.1.3.1');
    assert.deepEqual(drawn, await modelLevels(file, { center: 65535, width: 40000 }), "canvas vs the model's input");
    assert.match(await firstLine(), /· sigmoid$/);
  });

  test('the probe and the readout read the pixel under the cursor, with its exact value and stored value', async () => {
    // The review's checker: columns alternate dark and bright, every stored value unique.
    const cols = 64;
    const storedAt = (x: number, y: number) => (x % 2) * 3000 + 16 * y + x;
    const pixels = Array.from({ length: cols * cols }, (_, i) => storedAt(i % cols, Math.floor(i / cols)));
    const file = await dicom({ rows: cols, columns: cols, pixels, rescale: { slope: 0.5, intercept: -1024.25 }, window: { center: 0, width: 4000 } });
    await show(file);
    const v = app.viewer;
    // The right and lower part of pixel (32, 31): cornerstone-tools' probe rounded to (33, 32).
    const p = await v.pageAtImagePoint(cols, cols, 32.8, 31.8);
    await app.page.mouse.move(p.x, p.y);
    const value = storedAt(32, 31) * 0.5 - 1024.25; // -760.25
    assert.equal(await app.page.getByTestId('pixel-readout').innerText(), `x 32 · y 31\nstored ${storedAt(32, 31)} → value ${value}`);
    await app.page.keyboard.press('x');
    await app.page.mouse.click(p.x, p.y);
    await v.measurements().first().waitFor();
    assert.equal(await v.measurements().first().innerText(), `stored 528 → value -760.25 at (32, 31)`);
    // Values the old readout rounded: -1023.25 read "value -1023", 477.25 "value 477.3".
    const q = await v.pageAtImagePoint(cols, cols, 3.5, 0.5);
    await app.page.mouse.move(q.x, q.y);
    assert.equal(await app.page.getByTestId('pixel-readout').innerText(), 'x 3 · y 0\nstored 3003 → value 477.25');
    const r = await v.pageAtImagePoint(cols, cols, 2.5, 0.5);
    await app.page.mouse.move(r.x, r.y);
    assert.match(await app.page.getByTestId('pixel-readout').innerText(), /stored 2 → value -1023.25$/);
    await app.page.keyboard.press('w');
  });
});
