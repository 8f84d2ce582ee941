// loadModel: the two-output CAM model, the fc head as numbers, caching per id and version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { loadModel, unloadModel } from '../../../src-main/engine/model/load-model';

const SIZE = 64;
let tf: Tf;
let root: string;
let store: ModelStore;

before(async () => {
  tf = await getTf('wasm');
  root = await mkdtemp(join(tmpdir(), 'alveo-load-'));
  store = new ModelStore({ builtInDir: join(root, 'builtin'), userDir: join(root, 'user') });
  const model = buildResNet18(tf, { inputSize: SIZE, seed: 5 });
  await store.saveModel(tf, model, defaultCard({ id: 'm', inputSize: SIZE }));
  model.dispose();
});
after(async () => {
  await unloadModel();
  await rm(root, { recursive: true, force: true });
});

test('camModel gives [layer4_out, prob]; prob = sigmoid(mean(features) . fcWeights + fcBias)', async () => {
  const loaded = await loadModel(tf, await store.get('m'));
  assert.equal(loaded.fcWeights.length, 512);
  const x = tf.randomNormal([1, SIZE, SIZE, 3], 0, 1, 'float32', 3);
  const [features, prob] = loaded.camModel.predict(x) as Tensor[];
  assert.deepEqual(features.shape, [1, SIZE / 32, SIZE / 32, 512]);
  assert.deepEqual(prob.shape, [1, 1]);
  const f = features.dataSync();
  const n = (SIZE / 32) ** 2;
  let logit = loaded.fcBias;
  for (let c = 0; c < 512; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += f[i * 512 + c];
    logit += (s / n) * loaded.fcWeights[c];
  }
  assert.ok(Math.abs(prob.dataSync()[0] - 1 / (1 + Math.exp(-logit))) < 1e-5);
  const direct = loaded.model.predict(x) as Tensor;
  assert.equal(direct.dataSync()[0], prob.dataSync()[0]);
  tf.dispose([x, features, prob, direct]);
});

test('cached per id: same model object twice, a new one after the model is saved again; no tensor leak', async () => {
  const a = await loadModel(tf, await store.get('m'));
  const b = await loadModel(tf, await store.get('m'));
  assert.equal(a.model, b.model);
  const before = tf.memory().numTensors;
  await unloadModel('m');
  assert.ok(tf.memory().numTensors < before, 'unload disposes the weights');
  const c = await loadModel(tf, await store.get('m'));
  assert.notEqual(c.model, a.model);
  const rebuilt = buildResNet18(tf, { inputSize: SIZE, seed: 6 });
  await new Promise((r) => setTimeout(r, 20)); // a distinct mtime
  await store.saveModel(tf, rebuilt, defaultCard({ id: 'm', inputSize: SIZE }), { overwrite: true });
  rebuilt.dispose();
  const d = await loadModel(tf, await store.get('m'));
  assert.notEqual(d.model, c.model);
  assert.notDeepEqual(Array.from(d.fcWeights.slice(0, 4)), Array.from(c.fcWeights.slice(0, 4)));
});

test('a model without the Alveo layers is refused, naming the file', async () => {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  const out = tf.layers.dense({ units: 1 }).apply(tf.layers.globalAveragePooling2d({}).apply(input)) as never;
  const other = tf.model({ inputs: input, outputs: out });
  const dir = join(root, 'user', 'models', 'plain');
  const { writeModelFolder } = await import('../../../src-main/engine/model/model-store');
  await writeModelFolder(tf, other, defaultCard({ id: 'plain', inputSize: SIZE }), dir);
  other.dispose();
  await assert.rejects(loadModel(tf, await store.get('plain')), /model\.json: the model has no 'layer4_out' layer/);
});
