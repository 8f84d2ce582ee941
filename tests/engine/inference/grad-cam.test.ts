import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gradCam, upsampleCam } from '../../../src-main/engine/inference/grad-cam';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { modelInput } from '../../../src-main/engine/inference/preprocess';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { blobModel } from './support/blob-model';
import { writeGrayPng, type Box } from './support/draw-png';
import { tfjsArgs } from './support/tfjs-runtime';

const ROWS = 240;
const COLS = 320;

/** Where the heat is: the first maximum, and the centroid of everything at >= half the peak. */
function hotSpot(heat: Float32Array, columns: number) {
  let best = 0;
  for (let i = 1; i < heat.length; i++) if (heat[i] > heat[best]) best = i;
  let n = 0;
  let sr = 0;
  let sc = 0;
  for (let i = 0; i < heat.length; i++) {
    if (heat[i] >= 0.5) {
      n++;
      sr += Math.floor(i / columns);
      sc += i % columns;
    }
  }
  return { peak: { row: Math.floor(best / columns), col: best % columns }, centroid: { row: sr / n, col: sc / n } };
}

const inside = (p: { row: number; col: number }, b: Box) =>
  p.row >= b.top && p.row < b.top + b.height && p.col >= b.left && p.col < b.left + b.width;

async function camOf(boxes: Box[]) {
  const tf = await getTf('wasm');
  const dir = await mkdtemp(join(tmpdir(), 'alveo-cam-'));
  try {
    const file = join(dir, 'blobs.png');
    await writeGrayPng(file, ROWS, COLS, boxes);
    const study = await loadStudy(file);
    const loaded = blobModel(tf);
    return { tf, study, loaded, cam: await gradCam(...tfjsArgs(tf, loaded), study) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('Grad-CAM points at the region that raises the score, at the study size, in [0, 1]', async () => {
  const gray: Box = { top: 40, left: 40, height: 80, width: 96, value: 128 };
  const white: Box = { top: 120, left: 200, height: 80, width: 96, value: 255 };
  const { cam } = await camOf([gray, white]);
  assert.equal(cam.rows, ROWS);
  assert.equal(cam.columns, COLS);
  assert.equal(cam.heat.length, ROWS * COLS);
  let min = Infinity;
  let max = -Infinity;
  for (const v of cam.heat) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.ok(min >= 0 && min < 1e-6, `min ${min}`);
  assert.ok(max > 0.99 && max <= 1, `max ${max}`);
  const { peak, centroid } = hotSpot(cam.heat, COLS);
  assert.ok(inside(peak, gray), `peak ${JSON.stringify(peak)} not on the gray square`);
  assert.ok(inside(centroid, gray), `centroid ${JSON.stringify(centroid)} not on the gray square`);
  // The brighter white square lowers the score (fc weight -4 on its channel): no heat there.
  assert.ok(cam.heat[(white.top + 40) * COLS + white.left + 48] < 0.05, 'white square should be cold');
  assert.ok(cam.heat[220 * COLS + 10] < 0.05, 'background should be cold');
});

test('moving the square moves the heat with it', async () => {
  const gray: Box = { top: 140, left: 210, height: 80, width: 96, value: 128 };
  const white: Box = { top: 30, left: 20, height: 80, width: 96, value: 255 };
  const { cam } = await camOf([gray, white]);
  const { peak, centroid } = hotSpot(cam.heat, COLS);
  assert.ok(inside(peak, gray), `peak ${JSON.stringify(peak)} not on the moved gray square`);
  assert.ok(inside(centroid, gray), `centroid ${JSON.stringify(centroid)} not on the moved gray square`);
  assert.ok(cam.heat[70 * COLS + 68] < 0.05, 'white square (now top left) should be cold');
});

test('the probability is the model output for the preprocessed study, labelled at the threshold', async () => {
  const gray: Box = { top: 40, left: 40, height: 80, width: 96, value: 128 };
  const { tf, study, loaded } = await camOf([gray]);
  const p = await predictStudy(...tfjsArgs(tf, loaded), study);
  const input = await modelInput(tf, study, loaded.card);
  const out = loaded.model.predict(input) as import('@tensorflow/tfjs-core').Tensor;
  const expected = (await out.data())[0];
  input.dispose();
  out.dispose();
  assert.ok(Math.abs(p.probability - expected) < 1e-6, `${p.probability} vs ${expected}`);
  // Only gray (A0 ~ 1 on 1/8 of the image, A1 = 0): logit ~ +0.125 -> sigmoid just above 0.5.
  assert.ok(p.probability > 0.5 && p.probability < 0.56, `probability ${p.probability}`);
  assert.equal(p.label, 'PNEUMONIA');
  assert.equal(p.threshold, 0.5);
  assert.equal(p.model, 'blob');
  // A drawn square is no chest radiograph: the guardrails follow the untrained warning (issue 7).
  assert.equal(p.warnings[0], 'model is untrained: output is meaningless');
  assert.ok(p.warnings.slice(1).some((w) => /does not look like a chest radiograph|nearly uniform/.test(w)), p.warnings.join(' | '));
  assert.deepEqual([p.cam.rows, p.cam.columns], [8, 8]);
});

test('upsampleCam: a uniform map is all zeros (no location), a single hot cell peaks at its centre', async () => {
  const tf = await getTf('wasm');
  const flat = upsampleCam({ rows: 2, columns: 2, values: new Float32Array([3, 3, 3, 3]) }, 10, 10);
  assert.ok(flat.every((v) => v === 0));
  const one = new Float32Array(16);
  one[1 * 4 + 2] = 5; // row 1, column 2 of a 4x4 grid
  const heat = upsampleCam({ rows: 4, columns: 4, values: one }, 40, 80);
  const { peak } = hotSpot(heat, 80);
  // Cell (1, 2) covers rows 10-19, columns 40-59 of the 40x80 output.
  assert.ok(peak.row >= 10 && peak.row < 20 && peak.col >= 40 && peak.col < 60, JSON.stringify(peak));
});
