import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Tensor } from '@tensorflow/tfjs-core';
import { camFromFeatures } from '../../../src-main/engine/inference/cam-from-features';
import { camHead } from '../../../src-main/engine/inference/cam-head';
import { gradCam, upsampleCam } from '../../../src-main/engine/inference/grad-cam';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { modelInput } from '../../../src-main/engine/inference/preprocess';
import { backendName, getTf } from '../../../src-main/engine/model/tf-backend';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import type { Study } from '../../../src-main/engine/studies/study';
import { writeGrayPng } from './support/draw-png';
import { DICOM_NATIVE, DICOM_SMALL, KERMANY_VAL, skipUnless } from './support/shared-data';
import { smallResNet } from './support/small-resnet';
import { tfjsArgs } from './support/tfjs-runtime';

let dir: string;
let drawn: Study;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-predict-'));
  const file = join(dir, 'drawn.png');
  await writeGrayPng(file, 96, 128, [{ top: 20, left: 30, height: 40, width: 50, value: 200 }], 40);
  drawn = await loadStudy(file);
});
after(() => rm(dir, { recursive: true, force: true }));

test('Grad-CAM through the ResNet18 head (tf.grad) equals the GAP + Dense formula relu(sum w_k/HW A_k)', async () => {
  const tf = await getTf('wasm');
  const loaded = smallResNet(tf, { inputSize: 64, seed: 3 });
  const input = await modelInput(tf, drawn, loaded.card);
  const [features, prob] = loaded.camModel.predict(input) as Tensor[];
  const cam = await camFromFeatures(tf, camHead(tf, loaded), features as import('@tensorflow/tfjs-core').Tensor4D);
  const [, h, w, c] = features.shape;
  const a = (await features.data()) as Float32Array;
  const expected = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += (loaded.fcWeights[k] / (h * w)) * a[i * c + k];
    expected[i] = Math.max(0, s);
  }
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  for (let i = 0; i < h * w; i++) assert.ok(Math.abs(cam.values[i] - expected[i]) < 1e-4 * scale, `cell ${i}: ${cam.values[i]} vs ${expected[i]}`);
  // And the head reproduces the model's own probability.
  const logit = tf.tidy(() => camHead(tf, loaded)(features as import('@tensorflow/tfjs-core').Tensor4D).dataSync()[0]);
  assert.ok(Math.abs(1 / (1 + Math.exp(-logit)) - (await prob.data())[0]) < 1e-5);
  for (const t of [input, features, prob]) t.dispose();
});

test('tensor count is flat across 200 predictions with Grad-CAM', async () => {
  const tf = await getTf('wasm');
  const loaded = smallResNet(tf, { inputSize: 32 }); // smallest ResNet18: the count, not the size, matters here
  await gradCam(...tfjsArgs(tf, loaded), drawn); // warm-up: lazily created kernels / variables
  const before = tf.memory().numTensors;
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const p = await predictStudy(...tfjsArgs(tf, loaded), drawn);
    const heat = upsampleCam(p.cam, drawn.rows, drawn.columns);
    assert.equal(heat.length, drawn.rows * drawn.columns);
    if (last >= 0) assert.equal(p.probability, last, 'same input, same answer');
    last = p.probability;
  }
  assert.equal(tf.memory().numTensors, before);
});

test('untrained models warn on every prediction; a trained card does not', async () => {
  const tf = await getTf('wasm');
  const loaded = smallResNet(tf, { inputSize: 64 });
  const p = await predictStudy(...tfjsArgs(tf, loaded), drawn);
  // First the model's own state; intended-use guardrails (issue 7) may follow for a drawn picture.
  assert.equal(p.warnings[0], 'model is untrained: output is meaningless');
  const trained = { ...loaded, card: { ...loaded.card, trained: true, threshold: { value: 0.99, rule: 'test' } } };
  const q = await predictStudy(...tfjsArgs(tf, trained), drawn);
  assert.ok(!q.warnings.includes('model is untrained: output is meaningless'));
  assert.deepEqual(q.warnings, p.warnings.slice(1), 'only the untrained note goes');
  assert.equal(q.probability, p.probability);
  assert.equal(q.threshold, 0.99);
  assert.equal(q.label, q.probability >= 0.99 ? 'PNEUMONIA' : 'NORMAL');
});

test('real files: every small DICOM and the Kermany val JPEGs give a probability and a full-size heatmap', { skip: skipUnless(DICOM_SMALL) || skipUnless(KERMANY_VAL) }, async () => {
  const tf = await getTf('wasm');
  const loaded = smallResNet(tf, { inputSize: 64 });
  const dicoms = (await readdir(DICOM_SMALL)).filter((f) => f.endsWith('.dcm')).map((f) => join(DICOM_SMALL, f));
  const jpegs = (await Promise.all(['NORMAL', 'PNEUMONIA'].map(async (c) => (await readdir(join(KERMANY_VAL, c))).map((f) => join(KERMANY_VAL, c, f))))).flat();
  const all = [...dicoms, ...jpegs];
  assert.ok(all.length >= 40, `${all.length} files`);
  for (const file of all) {
    const study = await loadStudy(file);
    const p = await predictStudy(...tfjsArgs(tf, loaded), study);
    assert.ok(Number.isFinite(p.probability) && p.probability >= 0 && p.probability <= 1, `${file}: ${p.probability}`);
    assert.equal(p.label, p.probability >= p.threshold ? 'PNEUMONIA' : 'NORMAL');
    assert.deepEqual([p.cam.rows, p.cam.columns], [2, 2]);
  }
  const study = await loadStudy(jpegs[0]);
  const cam = await gradCam(...tfjsArgs(tf, loaded), study);
  assert.deepEqual([cam.rows, cam.columns, cam.heat.length], [study.rows, study.columns, study.rows * study.columns]);
});

test('full-size ResNet18 (224) on wasm: a 1024x1024 DICOM and a JPEG', { skip: skipUnless(DICOM_NATIVE) || skipUnless(KERMANY_VAL) }, async () => {
  const tf = await getTf('wasm');
  assert.match(backendName(), /^wasm/);
  const loaded = smallResNet(tf, { inputSize: 224, seed: 11 });
  for (const file of [join(DICOM_NATIVE, 'Fake_MONOHR1_cr_chest_jpeg_baseline_mono1.dcm'), join(KERMANY_VAL, 'PNEUMONIA', 'person1946_bacteria_4874.jpeg')]) {
    const study = await loadStudy(file);
    const before = tf.memory().numTensors;
    const p = await predictStudy(...tfjsArgs(tf, loaded), study);
    assert.ok(p.probability > 0 && p.probability < 1, `${p.probability}`);
    assert.deepEqual([p.cam.rows, p.cam.columns], [7, 7]);
    const heat = upsampleCam(p.cam, study.rows, study.columns);
    assert.equal(heat.length, study.rows * study.columns);
    let max = 0;
    for (const v of heat) {
      assert.ok(v >= 0 && v <= 1);
      if (v > max) max = v;
    }
    assert.ok(max > 0.99, 'normalised to a peak of 1');
    assert.equal(tf.memory().numTensors, before);
  }
  loaded.model.dispose();
});
