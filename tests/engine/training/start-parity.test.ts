// Fine-tuning checks its parent's weights against the parent's parity.json before it trains, as
// inference does: a parent damaged on disk (kernel signs flipped in one shard: finite logits, but
// other ones) fails the job with an error naming that parity.json; an intact one still trains.
// Small seeded models and images the test draws itself, through the engine's training job.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelEntry } from '../../../src-main/api/contract';
import type { EngineEvent } from '../../../src-main/api/events';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { derive } from '../../../src-main/engine/model/load-model';
import { loadLayersModelFrom, MODEL_JSON } from '../../../src-main/engine/model/model-files';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { PARITY_FORMULA, PARITY_JSON, parityImage } from '../../../src-main/engine/runtime/parity-check';
import { createTfjsRuntime } from '../../../src-main/engine/runtime/tfjs-runtime';
import { testCard } from '../inference/support/test-card';
import { writeImage } from './support/draw-images';

const SIZE = 32;
const IMAGES = 3;
let root: string;
let engine: Engine;
let store: ModelStore;
let tf: Tf;
const deps = () => ({ builtInModelsDir: join(root, 'no-builtins'), userDir: join(root, 'home'), backend: 'wasm' as const });

/** The model's logits on the parity images, computed the way parity-check.ts does. */
async function parityLogits(entry: ModelEntry): Promise<number[]> {
  const stored = await loadLayersModelFrom(tf, entry.dir);
  try {
    const runtime = createTfjsRuntime(tf, derive(tf, entry, stored));
    const { mean, std } = entry.card.preprocessing;
    const input = new Float32Array(IMAGES * SIZE * SIZE * 3);
    for (let k = 0; k < IMAGES; k++) {
      const img = parityImage(k, SIZE);
      for (let i = 0; i < SIZE * SIZE; i++) for (let c = 0; c < 3; c++) input[(k * SIZE * SIZE + i) * 3 + c] = (img[i] / 255 - mean[c]) / std[c];
    }
    const { probabilities } = await runtime.run(input, IMAGES);
    return [...probabilities].map((p) => Math.log(p / (1 - p)));
  } finally {
    stored.dispose();
  }
}

/** Flips the sign of every conv / dense kernel value stored in one shard (the middle one). */
async function flipKernelSigns(dir: string): Promise<string> {
  const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];
  };
  const [group] = json.weightsManifest;
  const shardIndex = Math.floor(group.paths.length / 2);
  const shards = await Promise.all(group.paths.map((p) => readFile(join(dir, p))));
  const start = shards.slice(0, shardIndex).reduce((n, b) => n + b.length, 0);
  const shard = shards[shardIndex];
  let at = 0;
  for (const w of group.weights) {
    const bytes = w.quantization?.dtype === 'float16' ? 2 : 4;
    const size = w.shape.reduce((a, b) => a * b, 1) * bytes;
    // Kernels only: a batch norm variance turned negative would give NaN, not a plausible logit.
    if (/kernel/.test(w.name)) {
      for (let b = Math.max(at, start); b < Math.min(at + size, start + shard.length); b++) if ((b - at) % bytes === bytes - 1) shard[b - start] ^= 0x80;
    }
    at += size;
  }
  await writeFile(join(dir, group.paths[shardIndex]), shard);
  return group.paths[shardIndex];
}

/**
 * A seeded ResNet18 whose head is scaled up: an untrained one's logits sit near 0, where a damaged
 * layer moves them by little more than the parity check's tolerance; these move by far more.
 */
async function saveSeededModel(id: string): Promise<void> {
  const model = buildResNet18(tf, { inputSize: SIZE, seed: 5 });
  try {
    const fc = model.getLayer('fc');
    const [kernel, bias] = fc.getWeights();
    const scaled = tf.mul(kernel, 40);
    fc.setWeights([scaled, bias]);
    scaled.dispose();
    await store.saveModel(tf, model, testCard({ id, inputSize: SIZE, trained: true, threshold: { value: 0.5, rule: 'test' } }));
  } finally {
    model.dispose();
  }
}

/** 6 patients per class, one image each, drawn at 40 px. */
async function drawDataset(data: string): Promise<string> {
  let seed = 0;
  for (let p = 1; p <= 6; p++) {
    await writeImage(join(data, 'PNEUMONIA', `person${p}_bacteria_${p}.png`), 'png', 40, seed++, true);
    await writeImage(join(data, 'NORMAL', `IM-${String(p).padStart(4, '0')}-0001.png`), 'png', 40, seed++, false);
  }
  return data;
}

/** Starts a fine-tune from `base` and waits for its end. */
async function fineTune(base: string, data: string): Promise<Extract<EngineEvent, { type: 'job:end' }>> {
  const events: EngineEvent[] = [];
  const off = engine.subscribe((e) => events.push(e));
  const { jobId } = await engine.startTraining({ data, base, name: `from ${base}`, options: { inputSize: SIZE, epochs: 1, batchSize: 4, valFraction: 0.3, seed: 2 } });
  await engine.waitForJob(jobId);
  off();
  const end = events.find((e): e is Extract<EngineEvent, { type: 'job:end' }> => e.type === 'job:end' && e.jobId === jobId);
  assert.ok(end, 'the job ended');
  return end;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-start-parity-'));
  tf = await getTf('wasm');
  const d = deps();
  store = new ModelStore({ builtInDir: d.builtInModelsDir, userDir: d.userDir });
  // The same weights in both, so one parity.json holds for both until one is damaged.
  for (const id of ['intact', 'damaged']) await saveSeededModel(id);
  const logits = await parityLogits(await store.get('intact'));
  const parity = JSON.stringify({ inputSize: SIZE, formula: PARITY_FORMULA, count: IMAGES, logits });
  for (const id of ['intact', 'damaged']) await writeFile(join((await store.get(id)).dir, PARITY_JSON), parity);
  await flipKernelSigns((await store.get('damaged')).dir);
  engine = createEngine(d);
});
after(async () => {
  await engine?.dispose();
  await rm(root, { recursive: true, force: true });
});

test('the damaged copy gives finite logits, but not its reference ones', async (t) => {
  const want = await parityLogits(await store.get('intact'));
  const got = await parityLogits(await store.get('damaged'));
  t.diagnostic(`reference logits ${want.map((x) => x.toFixed(3)).join(' ')}; damaged ${got.map((x) => x.toFixed(3)).join(' ')}`);
  assert.ok(got.every(Number.isFinite), `finite: ${got.join(', ')}`);
  // Moved far past the parity check's tolerance (0.02 + 1%), within the range it can tell apart
  // (not clamped at ±16).
  assert.ok(want.every((x) => Math.abs(x) < 15), `reference logits: ${want.join(', ')}`);
  assert.ok(got.some((x, k) => Math.abs(x - want[k]) > 10 * (0.02 + 0.01 * Math.abs(want[k]))), `moved: ${got.join(', ')} vs ${want.join(', ')}`);
});

test('fine-tuning from a damaged parent fails naming its parity.json; from the intact one it trains', async (t) => {
  const data = await drawDataset(join(root, 'data'));
  const damaged = await fineTune('damaged', data);
  assert.equal(damaged.outcome, 'failed');
  t.diagnostic(`damaged parent: ${damaged.error}`);
  const file = join((await store.get('damaged')).dir, PARITY_JSON);
  assert.ok(damaged.error?.includes(file), `names ${file}: ${damaged.error}`);
  assert.match(damaged.error ?? '', /the model's weights do not reproduce its reference outputs .*: its files are damaged/);
  assert.equal((await store.list()).length, 2, 'no model stored');

  const intact = await fineTune('intact', data);
  assert.equal(intact.outcome, 'done', intact.error);
  assert.ok(intact.kind === 'train' && intact.result?.modelId, 'a model was stored');
  assert.equal((await store.get(intact.result.modelId)).card.parent, 'intact');
});
