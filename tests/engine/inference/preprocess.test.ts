import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inputTensor, modelInput, modelPixels, resizeGray } from '../../../src-main/engine/inference/preprocess';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { DICOM_NATIVE, skipUnless } from './support/shared-data';
import { writeGrayPng } from './support/draw-png';
import { pilBilinear, pillowBilinear, pythonWithPil } from './support/pil-bilinear';
import { testCard } from './support/test-card';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-pre-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('squash: a wide image fills the square; each quadrant stays in its place', async () => {
  // 100 x 300: left third white, the rest black, with a gray block in the bottom-right corner.
  const file = join(dir, 'wide.png');
  await writeGrayPng(file, 100, 300, [
    { top: 0, left: 0, height: 100, width: 100, value: 255 },
    { top: 50, left: 200, height: 50, width: 100, value: 128 },
  ]);
  const study = await loadStudy(file);
  const px = await modelPixels(study, testCard({ id: 't', inputSize: 60 }));
  assert.equal(px.length, 60 * 60);
  const at = (r: number, c: number) => px[r * 60 + c];
  assert.equal(at(30, 5), 255, 'left third is white across the full height');
  assert.equal(at(5, 30), 0);
  assert.equal(at(55, 55), 128, 'bottom-right block stays bottom right');
  assert.equal(at(10, 55), 0);
  // Squash, not crop or pad: the white band spans the left third of the square.
  assert.equal(at(30, 18), 255);
  assert.equal(at(30, 22), 0);
});

/** A radiograph-sized test card: a horizontal ramp, a bright band, a dark bar, fine stripes and noise. */
function testPattern(rows: number, columns: number): Uint8Array {
  let s = 5;
  const r = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const px = new Uint8Array(rows * columns);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      let v = 40 + (150 * x) / columns + 30 * Math.sin(y / 17);
      if (x > 0.3 * columns && x < 0.42 * columns) v = 230;
      if (y > 0.62 * rows && y < 0.66 * rows) v = 10;
      if ((x >> 3) % 2 && y < 0.12 * rows) v = 250;
      v += (r() - 0.5) * 40;
      px[y * columns + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return px;
}

test("resize kernel: shrinking a radiograph-sized image gives PIL's BILINEAR pixels (what the training recipes feed the model): 97% within 2 levels, none past 10", async () => {
  for (const [rows, columns] of [[800, 1000], [2000, 1600]]) {
    const px = testPattern(rows, columns);
    const got = await resizeGray(px, rows, columns, 224);
    const want = pilBilinear(px, rows, columns, 224, 224);
    let within2 = 0;
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs(got[i] - want[i]);
      if (d <= 2) within2++;
      worst = Math.max(worst, d);
    }
    // libvips box-shrinks by the whole part of the factor before its triangle filter: a few levels
    // apart on noise, never a different picture (nearest neighbour agrees on about 1 pixel in 10).
    assert.ok(within2 / want.length >= 0.97, `${columns}x${rows}: ${((100 * within2) / want.length).toFixed(1)}% of pixels within 2 levels of PIL's`);
    assert.ok(worst <= 10, `${columns}x${rows}: a pixel ${worst} levels from PIL's`);
  }
});

// Review 36: libvips 'linear' enlarges with its samples placed apart from PIL's (29% of a noisy
// 180x150 image within 2 levels, edges shifted); an image with a side under the input size is
// enlarged with PIL's own kernel instead.
test("enlarging (a side under the input size) gives PIL's BILINEAR pixels exactly", async () => {
  for (const [rows, columns] of [[150, 180], [180, 3000], [223, 224]]) {
    const px = testPattern(rows, columns);
    assert.deepEqual(await resizeGray(px, rows, columns, 224), pilBilinear(px, rows, columns, 224, 224), `${columns}x${rows}`);
  }
});

const pilPython = pythonWithPil();
test('the PIL BILINEAR reference is byte for byte what Pillow itself computes', { skip: !pilPython && 'no python3 with PIL (apt install python3-pil, or set ALVEO_PYTHON)' }, () => {
  for (const [rows, columns, h, w] of [[800, 1000, 224, 224], [2000, 1600, 224, 224], [333, 517, 64, 100], [150, 180, 224, 224], [180, 3000, 224, 224]]) {
    const px = testPattern(rows, columns);
    assert.deepEqual(pilBilinear(px, rows, columns, h, w), pillowBilinear(pilPython as string, px, rows, columns, h, w), `${columns}x${rows} -> ${w}x${h}`);
  }
});

test('normalisation: (v/255 - mean) / std per channel, 3 channels, shape [1, S, S, 3]', async () => {
  const tf = await getTf('wasm');
  const card = testCard({ id: 't', inputSize: 2 });
  card.preprocessing = { ...card.preprocessing, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  const t = inputTensor(tf, new Uint8Array([0, 255, 128, 64]), card);
  assert.deepEqual(t.shape, [1, 2, 2, 3]);
  const v = await t.data();
  t.dispose();
  const expect = (x: number, c: number) => (x / 255 - card.preprocessing.mean[c]) / card.preprocessing.std[c];
  [0, 255, 128, 64].forEach((x, i) => {
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(v[i * 3 + c] - expect(x, c)) < 1e-6, `pixel ${i} channel ${c}`);
  });
});

test('identity size is not resampled; a card whose two input sizes disagree is refused', async () => {
  const px = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(await resizeGray(px, 3, 3, 3), px);
  const card = testCard({ id: 't', inputSize: 64 });
  card.preprocessing = { ...card.preprocessing, inputSize: 32 };
  const tf = await getTf('wasm');
  assert.throws(() => inputTensor(tf, new Uint8Array(64 * 64), card), /disagree/);
});

test('the model sees the display pixels (window, MONOCHROME1 inversion) of a real DICOM', { skip: skipUnless(DICOM_NATIVE) }, async () => {
  const tf = await getTf('wasm');
  const study = await loadStudy(join(DICOM_NATIVE, 'CR-MONO1-10-chest_nometa_implicitLE.dcm'));
  const card = testCard({ id: 't', inputSize: 64 });
  const px = await modelPixels(study, card);
  const shown = displayPixels(study);
  const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  // Resampling keeps the average brightness of what is shown (and not of the inverted raw values).
  assert.ok(Math.abs(mean(px) - mean(shown)) < 3, `${mean(px)} vs ${mean(shown)}`);
  const t = await modelInput(tf, study, card);
  const v = await t.data();
  t.dispose();
  for (let i = 0; i < 64 * 64; i++) assert.ok(v[3 * i] === v[3 * i + 1] && v[3 * i + 1] === v[3 * i + 2]);
  assert.ok(Math.abs(v[0] - (px[0] / 255 - 0.5) / 0.25) < 1e-6);
});
