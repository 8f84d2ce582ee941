// Saving and reloading tfjs layers models as model.json + shards, float32 and float16.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { loadLayersModelFrom, readModelJson, writeModelFiles, DEFAULT_SHARD_BYTES } from '../../../src-main/engine/model/model-files';

const SIZE = 64;
let tf: Tf;
let dir: string;
let model: LayersModel;
let input: Tensor;
let want: Float32Array;

before(async () => {
  tf = await getTf('wasm');
  dir = await mkdtemp(join(tmpdir(), 'alveo-files-'));
  model = buildResNet18(tf, { inputSize: SIZE, seed: 3 });
  // Non-trivial BN statistics, so a lost moving mean/variance shows in the output.
  for (const l of model.layers.filter((l) => l.name.includes('bn'))) {
    const [g, b, m, v] = l.getWeights();
    l.setWeights([g, b, tf.randomUniform(m.shape, -0.2, 0.2, 'float32', 1), tf.randomUniform(v.shape, 0.5, 1.5, 'float32', 2)]);
  }
  input = tf.randomNormal([2, SIZE, SIZE, 3], 0, 1, 'float32', 11);
  want = (model.predict(input) as Tensor).dataSync() as Float32Array;
});
after(async () => {
  model.dispose();
  input.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(name: string, quantize: 'none' | 'float16') {
  const out = join(dir, name);
  await mkdir(out);
  const files = await writeModelFiles(tf, model, out, { quantize });
  const loaded = await loadLayersModelFrom(tf, out);
  const got = (loaded.predict(input) as Tensor).dataSync() as Float32Array;
  loaded.dispose();
  return { out, files, got };
}

test('float32: identical outputs after save and load; shards of at most 4 MB in the standard layout', async () => {
  const { out, files, got } = await roundTrip('f32', 'none');
  assert.deepEqual(Array.from(got), Array.from(want));
  const json = await readModelJson(out);
  assert.equal(json.format, 'layers-model');
  assert.deepEqual(files.slice(1), json.weightsManifest[0].paths);
  let total = 0;
  for (const f of json.weightsManifest[0].paths) {
    const size = (await stat(join(out, f))).size;
    assert.ok(size <= DEFAULT_SHARD_BYTES, `${f} is ${size} bytes`);
    total += size;
  }
  assert.equal(total, model.countParams() * 4);
  assert.ok(json.weightsManifest[0].paths.length > 5, 'expected several shards for ~45 MB');
  assert.match(json.weightsManifest[0].paths[0], /^group1-shard1of\d+\.bin$/);
});

test('float16: kernels stored as half floats with the quantization entry; outputs within half precision', async () => {
  const { out, got } = await roundTrip('f16', 'float16');
  const json = await readModelJson(out);
  const specs = json.weightsManifest[0].weights;
  const conv1 = specs.find((s) => s.name.startsWith('conv1/'));
  assert.deepEqual(conv1?.quantization, { dtype: 'float16' });
  const moving = specs.find((s) => s.name.includes('moving_variance'));
  assert.equal(moving?.quantization, undefined, 'BatchNorm statistics stay float32');
  const bytes = (await readdir(out)).filter((f) => f.endsWith('.bin'));
  let total = 0;
  for (const f of bytes) total += (await stat(join(out, f))).size;
  assert.ok(total < model.countParams() * 2.01, `float16 files hold ${total} bytes`);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 5e-3, `output ${i}: ${got[i]} vs ${want[i]}`);
  assert.notDeepEqual(Array.from(got), Array.from(want), 'float16 should not be bit-identical');
});

test('a truncated shard is reported as corrupt, naming the model.json', async () => {
  const out = join(dir, 'trunc');
  await mkdir(out);
  await writeModelFiles(tf, model, out);
  const json = await readModelJson(out);
  const last = join(out, json.weightsManifest[0].paths.at(-1)!);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(last, (await readFile(last)).subarray(0, 100));
  await assert.rejects(loadLayersModelFrom(tf, out), /model\.json: weight files hold \d+ bytes, the manifest describes \d+/);
});
