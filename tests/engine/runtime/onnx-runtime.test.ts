// The ONNX Runtime engine against the tfjs engine on the shipped model and real images: same
// probabilities (1e-4), same labels, the same Grad-CAM; intermediate outputs; the engine named;
// tfjs when forced.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { upsampleCam } from '../../../src-main/engine/inference/grad-cam';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { inferenceRuntime, runtimePreference, unloadInferenceRuntimes } from '../../../src-main/engine/runtime/runtime-for-model';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { oneView } from '../../../src-main/engine/runtime/tta-runtime';
import { pearson } from '../../e2e/support/pearson';
import { DICOM_NATIVE, DICOM_SMALL, KERMANY_VAL, REPO_ROOT, skipUnless } from '../inference/support/shared-data';

const noModel = !existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default';
const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
after(() => unloadInferenceRuntimes());

test(
  'parity on real images: ONNX Runtime probabilities equal tfjs within 1e-4, same labels, Grad-CAM correlation > 0.999',
  { skip: noModel || skipUnless(KERMANY_VAL) || skipUnless(DICOM_NATIVE) || skipUnless(DICOM_SMALL) },
  async () => {
    const entry = await store.get('default');
    // Engine against engine on one view each (the card's test-time views are held to PyTorch in
    // default-model-real-images.test.ts); 5 views would cost the tfjs leg 4x for nothing more here.
    const ort = oneView(await inferenceRuntime(entry, { prefer: 'onnxruntime' }));
    const tfjs = oneView(await inferenceRuntime(entry, { prefer: 'tfjs', tf: () => getTf('wasm') }));
    assert.equal(ort.kind, 'onnxruntime');
    assert.equal(tfjs.kind, 'tfjs');
    const jpegs = (await Promise.all(['NORMAL', 'PNEUMONIA'].map(async (c) => (await readdir(join(KERMANY_VAL, c))).slice(0, 5).map((f) => join(KERMANY_VAL, c, f))))).flat();
    const dicoms = [
      join(DICOM_NATIVE, 'siim_nih_cr_chest_jpeg_baseline_8bit.dcm'),
      join(DICOM_NATIVE, 'CR-MONO1-10-chest_nometa_implicitLE.dcm'),
      ...(await readdir(DICOM_SMALL)).filter((f) => f.endsWith('.dcm')).slice(0, 4).map((f) => join(DICOM_SMALL, f)),
    ];
    let worst = 0;
    let worstCorr = 1;
    const labels = new Set<string>();
    for (const file of [...jpegs, ...dicoms]) {
      const study = await loadStudy(file);
      const a = await predictStudy(ort, entry.card, study);
      const b = await predictStudy(tfjs, entry.card, study);
      worst = Math.max(worst, Math.abs(a.probability - b.probability));
      assert.equal(a.label, b.label, file);
      labels.add(a.label);
      assert.equal(a.engine, ort.engine);
      assert.equal(b.engine, tfjs.engine);
      const ha = upsampleCam(a.cam, study.rows, study.columns);
      const hb = upsampleCam(b.cam, study.rows, study.columns);
      // A confidently normal image can have no region pushing towards pneumonia: an empty map on both.
      const emptyA = ha.every((v) => v === 0);
      assert.equal(ha.every((v) => v === 0), hb.every((v) => v === 0), `${file}: Grad-CAM empty on one runtime only`);
      if (emptyA) assert.equal(a.label, 'NORMAL', `${file}: an empty Grad-CAM with a positive answer`);
      else worstCorr = Math.min(worstCorr, pearson(ha, hb));
    }
    assert.ok(worst <= 1e-4, `largest probability difference ${worst}`);
    assert.ok(worstCorr > 0.999, `lowest Grad-CAM correlation ${worstCorr}`);
    assert.equal(labels.size, 2, 'the images cover both labels');
  },
);

test('intermediate outputs: shapes, NHWC, pooled = mean of layer4, logit -> probability; both engines agree', { skip: noModel }, async () => {
  const entry = await store.get('default');
  const S = entry.card.inputSize;
  const n = 3;
  const input = new Float32Array(n * S * S * 3);
  for (let i = 0; i < input.length; i++) input[i] = Math.sin(i * 0.001) * 1.5; // smooth, varied, deterministic
  const extra = ['layer3', 'layer4.0', 'pooled', 'logit'] as const;
  const [ort, tfjs] = [await inferenceRuntime(entry, { prefer: 'onnxruntime' }), await inferenceRuntime(entry, { prefer: 'tfjs', tf: () => getTf('wasm') })];
  const a = await ort.run(input, n, { extra });
  const b = await tfjs.run(input, n, { extra });
  for (const out of [a, b]) {
    assert.deepEqual(out.features.shape, [n, S / 32, S / 32, 512]);
    assert.deepEqual(out.extra.layer3?.shape, [n, S / 16, S / 16, 256]);
    assert.deepEqual(out.extra['layer4.0']?.shape, [n, S / 32, S / 32, 512]);
    assert.deepEqual(out.extra.pooled?.shape, [n, 512]);
    assert.deepEqual(out.extra.logit?.shape, [n, 1]);
    assert.equal(out.probabilities.length, n);
    const cells = (S / 32) ** 2;
    for (const k of [0, 17, 511]) {
      let mean = 0;
      for (let c = 0; c < cells; c++) mean += out.features.data[(1 * cells + c) * 512 + k] / cells;
      assert.ok(Math.abs(mean - (out.extra.pooled?.data[512 + k] ?? NaN)) < 1e-4, `pooled channel ${k}`);
    }
    for (let i = 0; i < n; i++) assert.ok(Math.abs(1 / (1 + Math.exp(-(out.extra.logit?.data[i] ?? NaN))) - out.probabilities[i]) < 1e-6);
  }
  for (const k of extra) {
    const x = a.extra[k]?.data ?? new Float32Array();
    const y = b.extra[k]?.data ?? new Float32Array();
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < x.length; i++) {
      scale = Math.max(scale, Math.abs(y[i]));
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
    }
    assert.ok(diff <= 1e-4 * Math.max(1, scale), `${k}: ${diff} (scale ${scale})`);
  }
  // No extra asked: none returned. A wrong input length is an error naming the model.
  assert.deepEqual(Object.keys((await ort.run(input.subarray(0, S * S * 3), 1)).extra), []);
  await assert.rejects(ort.run(new Float32Array(10), 1), /model default: input holds 10 values/);
});

test('the runtime names its engine and provider, and why a GPU provider was skipped', { skip: noModel }, async () => {
  const entry = await store.get('default');
  const ort = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
  // The card's test-time views are named after the engine ('..., 5-view TTA').
  const views = entry.card.testTimeAugmentation?.views.length ?? 1;
  const tta = views > 1 ? `, ${views}-view TTA` : '';
  assert.ok(ort.engine.endsWith(tta), ort.engine);
  if (ort.provider === 'cpu') {
    assert.match(ort.engine, new RegExp(`^onnxruntime \\(cpu, \\d+ threads?\\)${tta}$`));
    if (process.platform === 'linux') assert.ok(ort.skipped.some((s) => /^cuda: /.test(s)), ort.skipped.join('; '));
  } else {
    assert.equal(ort.engine, `onnxruntime (${ort.provider})${tta}`);
  }
  assert.equal(ort.modelId, 'default');
  assert.equal(ort.inputSize, entry.card.inputSize);
  assert.equal(ort.head.weights.length, 512);
  // The same model version twice is one shared runtime.
  assert.equal(await inferenceRuntime(entry, { prefer: 'onnxruntime' }), ort);
});

test('ALVEO_BACKEND=wasm forces tfjs for inference and says so; ALVEO_RUNTIME picks one', { skip: noModel }, async () => {
  assert.deepEqual(runtimePreference({}, { ALVEO_BACKEND: 'wasm' }), { prefer: 'tfjs', why: 'ALVEO_BACKEND=wasm' });
  assert.deepEqual(runtimePreference({}, {}), { prefer: 'auto' });
  assert.deepEqual(runtimePreference({ backend: 'auto' }, {}), { prefer: 'auto' });
  assert.equal(runtimePreference({ backend: 'wasm' }, {}).prefer, 'tfjs');
  assert.equal(runtimePreference({}, { ALVEO_RUNTIME: 'onnxruntime', ALVEO_BACKEND: 'wasm' }).prefer, 'onnxruntime');
  await unloadInferenceRuntimes(); // a runtime made earlier with prefer: 'tfjs' would be reused
  const saved = process.env.ALVEO_BACKEND;
  process.env.ALVEO_BACKEND = 'wasm';
  try {
    const r = await inferenceRuntime(await store.get('default'), { tf: () => getTf('wasm') });
    assert.equal(r.kind, 'tfjs');
    assert.match(r.engine, /^tfjs wasm \(/);
    assert.ok(r.skipped.includes('onnxruntime: not used (ALVEO_BACKEND=wasm)'), r.skipped.join('; '));
  } finally {
    if (saved === undefined) delete process.env.ALVEO_BACKEND;
    else process.env.ALVEO_BACKEND = saved;
  }
});

test('a released runtime refuses to run; the factory makes a fresh one', { skip: noModel }, async () => {
  const entry = await store.get('default');
  const ort = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
  await unloadInferenceRuntimes('default');
  const S = entry.card.inputSize;
  await assert.rejects(ort.run(new Float32Array(S * S * 3), 1), /released/);
  const fresh = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
  assert.notEqual(fresh, ort);
  assert.equal((await fresh.run(new Float32Array(S * S * 3), 1)).probabilities.length, 1);
});

test('weights saved again (a new model.json mtime) get a new session; the old one is released', { skip: noModel }, async () => {
  const { cp, utimes } = await import('node:fs/promises');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const root = await mkdtemp(join(tmpdir(), 'alveo-ort-version-'));
  try {
    await cp(join(REPO_ROOT, 'models', 'default'), join(root, 'models', 'default'), { recursive: true });
    const local = new ModelStore({ builtInDir: join(root, 'models'), userDir: join(root, 'home') });
    const entry = await local.get('default');
    const first = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
    const later = new Date(Date.now() + 5000);
    await utimes(join(entry.dir, 'model.json'), later, later);
    const second = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
    assert.notEqual(second, first);
    const S = entry.card.inputSize;
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(first.run(new Float32Array(S * S * 3), 1), /released/);
    assert.equal((await second.run(new Float32Array(S * S * 3), 1)).probabilities.length, 1);
  } finally {
    await unloadInferenceRuntimes('default');
    await rm(root, { recursive: true, force: true });
  }
});
