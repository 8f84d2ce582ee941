// LIME's int8 copy of the model (runtime/onnx-graph-int8.ts, int8-predictor.ts, lime-predict.ts)
// on the shipped model and real radiographs: the folded float graph is the model; the int8 copy
// stays within MAX_INT8_ERROR of it on the images it was calibrated on and on perturbed copies it
// was not; LIME's explanation through it matches the float32 one; float32 where asked or where
// int8 does not apply.
import { oneView } from '../../../src-main/engine/runtime/tta-runtime';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { explainLime, type LimeFit } from '../../../src-main/engine/inference/lime';
import { limeForward, MAX_INT8_ERROR } from '../../../src-main/engine/inference/lime-predict';
import { modelPixels, normalizeInto } from '../../../src-main/engine/inference/preprocess';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { checkInt8, createCalibratedInt8 } from '../../../src-main/engine/runtime/int8-predictor';
import { uint8Params } from '../../../src-main/engine/runtime/onnx-graph-int8';
import { inferenceRuntime, unloadInferenceRuntimes } from '../../../src-main/engine/runtime/runtime-for-model';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { pearson } from '../../e2e/support/pearson';
import { KERMANY_VAL, REPO_ROOT, skipUnless } from './support/shared-data';

const noModel = !existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default';
const skip = noModel || skipUnless(KERMANY_VAL);
const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
after(() => unloadInferenceRuntimes());

async function realFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const cls of ['NORMAL', 'PNEUMONIA']) out.push(...(await readdir(join(KERMANY_VAL, cls))).sort().map((f) => join(KERMANY_VAL, cls, f)));
  return out;
}

test('uint8 parameters keep zero exact: ReLU ranges get zero point 0, signed ranges a zero point inside', () => {
  const relu = uint8Params({ min: 0, max: 2.55 });
  assert.equal(relu.zeroPoint, 0);
  assert.ok(Math.abs(relu.scale - 0.01) < 1e-12);
  const signed = uint8Params({ min: -1, max: 3 });
  assert.equal(signed.zeroPoint, 64);
  assert.ok(Math.abs(signed.scale - 4 / 255) < 1e-12);
  // A range that does not reach 0 is widened to it; an empty one gets a tiny scale, not 0.
  assert.equal(uint8Params({ min: 0.5, max: 2 }).zeroPoint, 0);
  assert.ok(uint8Params({ min: 0, max: 0 }).scale > 0);
});

test('int8 copy on 16 real radiographs: its float pass equals the model, int8 within the limit there and on 16 others', { skip }, async () => {
  const entry = await store.get('default');
  // The int8 copy is the model on one view: compared with the one-view runtime (not the card's test-time views).
  const runtime = oneView(await inferenceRuntime(entry));
  assert.equal(runtime.kind, 'onnxruntime');
  const S = entry.card.inputSize;
  const files = await realFiles();
  assert.equal(files.length, 16, 'kermany-orig/val holds 8 + 8 images');
  const input = new Float32Array(16 * S * S * 3);
  for (const [i, f] of files.entries()) normalizeInto(await modelPixels(await loadStudy(f), entry.card), entry.card, input, i);
  const exact = (await runtime.run(input, 16)).probabilities;

  // Calibrated on the normals only, then asked about the pneumonias too.
  const half = 8 * S * S * 3;
  const int8 = await createCalibratedInt8(entry.dir, S, input.subarray(0, half), 8);
  try {
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(int8.floatProbabilities[i] - exact[i]) < 1e-5, `float pass ${int8.floatProbabilities[i]} vs ${exact[i]}`);
    // As LIME keeps it: 8-bit weights, or 7-bit where this CPU's int8 kernels saturate (no VNNI).
    const checked = await checkInt8(int8, input.subarray(0, half), 8, MAX_INT8_ERROR);
    const q = await int8.predict(input, 16);
    const err = Array.from(q, (v, i) => Math.abs(v - exact[i]));
    assert.ok(Math.max(...err.slice(0, 8)) < MAX_INT8_ERROR, `calibration images, ${checked.weightLevels === 127 ? 8 : 7}-bit weights: |int8 - float| ${err.slice(0, 8).map((e) => e.toFixed(4))}`);
    // Images it was not calibrated on can clip; the ranking of the 16 must survive all the same.
    assert.ok(pearson(q, exact) > 0.99, `correlation ${pearson(q, exact)}`);
    assert.ok(
      exact.every((p, i) => (p >= entry.card.threshold.value) === (q[i] >= entry.card.threshold.value) || Math.abs(p - entry.card.threshold.value) < 0.05),
      'same labels except within 0.05 of the threshold',
    );
  } finally {
    await int8.dispose();
  }
  await assert.rejects(int8.predict(input, 16), /released/);
});

test('7-bit weights, the copy for CPUs whose int8 kernels saturate (no VNNI), stay within the limit on any CPU', { skip }, async () => {
  const entry = await store.get('default');
  const S = entry.card.inputSize;
  const files = (await realFiles()).slice(0, 8);
  const input = new Float32Array(8 * S * S * 3);
  for (const [i, f] of files.entries()) normalizeInto(await modelPixels(await loadStudy(f), entry.card), entry.card, input, i);
  const int8 = await createCalibratedInt8(entry.dir, S, input, 8);
  try {
    assert.equal(int8.weightLevels(), 127, '8-bit first');
    await int8.reduceRange();
    assert.equal(int8.weightLevels(), 63);
    const q = await int8.predict(input, 8);
    const err = Array.from(q, (v, i) => Math.abs(v - int8.floatProbabilities[i]));
    assert.ok(Math.max(...err) < MAX_INT8_ERROR, `7-bit weights: |int8 - float| ${err.map((e) => e.toFixed(4))}`);
    // Measured again by checkInt8, it is not reduced twice.
    assert.equal((await checkInt8(int8, input, 8, MAX_INT8_ERROR)).weightLevels, 63);
  } finally {
    await int8.dispose();
  }
});

test('LIME through the int8 copy gives the float32 explanation: same regions, weights correlated > 0.98', { skip }, async () => {
  const entry = await store.get('default');
  const runtime = await inferenceRuntime(entry);
  const file = (await realFiles()).find((f) => f.includes('PNEUMONIA'))!;
  const pixels = await modelPixels(await loadStudy(file), entry.card);
  const S = entry.card.inputSize;
  const run = async (dir: string | null): Promise<{ fit: LimeFit; forward: ReturnType<typeof limeForward> }> => {
    const forward = limeForward(runtime, dir);
    try {
      return { fit: await explainLime(pixels, S, entry.card.preprocessing, forward.predict, { samples: 240, batch: 16 }), forward };
    } finally {
      await forward.dispose();
    }
  };
  const float = await run(null);
  const int8 = await run(entry.dir);
  assert.equal(float.forward.quantization(), null);
  const q = int8.forward.quantization();
  assert.ok(q, `int8 was not used: ${int8.forward.int8Skipped()}`);
  assert.equal(q.calibrationSamples, 16);
  assert.ok(q.maxAbsError < MAX_INT8_ERROR && q.maxAbsError > 0, `max |dp| ${q.maxAbsError}`);
  assert.ok(Math.abs(int8.forward.exactProbability()! - float.fit.probability) < 1e-5, 'the reported probability is the float32 one');
  assert.ok(Math.abs(int8.fit.probability - float.fit.probability) < MAX_INT8_ERROR);
  const r = pearson(int8.fit.weights, float.fit.weights);
  assert.ok(r > 0.98, `region weights correlate ${r.toFixed(4)}`);
  const shared = float.fit.top.slice(0, 3).filter((t) => int8.fit.top.slice(0, 3).includes(t)).length;
  assert.ok(shared >= 2, `top 3: float ${float.fit.top} int8 ${int8.fit.top}`);
});

test('float32 for every sample when asked (ALVEO_LIME_FLOAT=1) or on tfjs', { skip }, async () => {
  const entry = await store.get('default');
  const ort = await inferenceRuntime(entry);
  const S = entry.card.inputSize;
  const input = new Float32Array(16 * S * S * 3);
  const forced = limeForward(ort, entry.dir, { ALVEO_LIME_FLOAT: '1' });
  await forced.predict(input, 16);
  assert.equal(forced.quantization(), null);
  assert.equal(forced.int8Skipped(), null);
  const tfjs = await inferenceRuntime(entry, { prefer: 'tfjs', tf: () => getTf('wasm') });
  const onTfjs = limeForward(tfjs, entry.dir, {});
  const p = await onTfjs.predict(input.subarray(0, 2 * S * S * 3), 2);
  assert.equal(p.length, 2);
  assert.equal(onTfjs.quantization(), null);
  assert.equal(onTfjs.exactProbability(), p[0]);
});

test('a calibrated model (temperature in its card): the int8 copy and its float pass give the calibrated probability', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'alveo-int8-t-'));
  try {
    const model = join(dir, 'calibrated');
    await cp(join(REPO_ROOT, 'models', 'default'), model, { recursive: true });
    const card = JSON.parse(await readFile(join(model, 'card.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(model, 'card.json'), JSON.stringify({ ...card, id: 'calibrated', calibration: { temperature: 2.5 } }));
    const entry = await store.get(model);
    const runtime = oneView(await inferenceRuntime(entry)); // applies the card's temperature, on one view like the int8 copy
    const S = entry.card.inputSize;
    const files = (await realFiles()).slice(6, 10);
    const input = new Float32Array(files.length * S * S * 3);
    for (const [i, f] of files.entries()) normalizeInto(await modelPixels(await loadStudy(f), entry.card), entry.card, input, i);
    const calibrated = (await runtime.run(input, files.length)).probabilities;
    const plain = (await oneView(await inferenceRuntime(await store.get('default'))).run(input, files.length)).probabilities;
    assert.ok(calibrated.some((p, i) => Math.abs(p - plain[i]) > 0.01), 'the temperature changes the probabilities');
    const int8 = await createCalibratedInt8(entry.dir, S, input, files.length);
    try {
      const q = await int8.predict(input, files.length);
      for (let i = 0; i < files.length; i++) {
        assert.ok(Math.abs(int8.floatProbabilities[i] - calibrated[i]) < 1e-5, `float pass ${int8.floatProbabilities[i]} vs calibrated ${calibrated[i]}`);
        assert.ok(Math.abs(q[i] - calibrated[i]) < MAX_INT8_ERROR, `int8 ${q[i]} vs calibrated ${calibrated[i]}`);
      }
    } finally {
      await int8.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
