// Short real training runs (64 px, a few dozen real Kermany images, wasm): the loss goes down, a
// new model version is stored with its card, the start model and the active model are untouched,
// and no tensors are left behind.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TrainingProgress } from '../../../src-main/api/training';
import { registerWasmTrainingKernels } from '../../../src-main/engine/model/kernels/register-wasm-training-kernels';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { backendName, getTf } from '../../../src-main/engine/model/tf-backend';
import { runTraining } from '../../../src-main/engine/training/trainer';
import { readFittedImages } from '../../../src-main/engine/model/fitted-images';
import { skipUnless } from '../studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from './support/kermany-subset';

const skip = skipUnless(KERMANY_TRAIN);

async function folderHash(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(dir)).sort()) h.update(f).update(await readFile(join(dir, f)));
  return h.digest('hex');
}

test('training lowers the loss, stores a new model with its card, leaves no tensors', { skip }, async (t) => {
  const tf = await getTf('wasm');
  registerWasmTrainingKernels(tf);
  const data = await kermanySubset(16);
  const store = new ModelStore({ builtInDir: join(data, 'no-builtins'), userDir: join(data, 'home') });
  const tensors = tf.memory().numTensors;
  const events: TrainingProgress[] = [];
  const result = await runTraining(
    {
      data,
      base: 'scratch',
      name: 'Tiny run',
      options: { inputSize: 64, epochs: 4, batchSize: 8, augment: null, valFraction: 0.25, earlyStoppingPatience: 0, reduceLrPatience: 0, seed: 3 },
    },
    { tf, store, backend: backendName(), signal: new AbortController().signal, progress: (p) => events.push(p.training) },
  );
  const losses = result.history.map((h) => h.trainLoss);
  t.diagnostic(`train loss per epoch: ${losses.map((l) => l.toFixed(3)).join(' ')}; ${result.history.at(-1)?.imagesPerSecond.toFixed(1)} img/s`);
  assert.equal(result.history.length, 4);
  assert.ok(losses[3] < losses[0] * 0.8, `loss did not go down: ${losses.join(', ')}`);
  assert.equal(tf.memory().numTensors, tensors, 'tensors left behind');

  assert.equal(result.modelId, 'tiny-run');
  assert.equal(result.cancelled, false);
  assert.match(result.backend, /^wasm/);
  const entry = await store.get('tiny-run');
  const card = entry.card;
  assert.equal(card.name, 'Tiny run');
  assert.equal(card.trained, true);
  assert.equal(card.parent, null);
  assert.equal(card.inputSize, 64);
  assert.match(card.threshold.rule, /^max specificity with sensitivity >= 0\.95 on validation/);
  const v = card.metrics?.validation;
  assert.ok(v && v.n === result.split.val.images.NORMAL + result.split.val.images.PNEUMONIA);
  assert.ok(v.sensitivity >= 0.95, 'the chosen threshold keeps validation sensitivity >= 0.95');
  assert.equal(card.training?.options.epochs, 4);
  assert.equal(card.training?.history.length, 4);
  assert.match(card.training?.backend ?? '', /^wasm/);
  assert.equal(await store.activeId(), null, 'the active model is not changed');
  // Progress: per batch and per epoch, with throughput and ETA.
  assert.ok(events.some((e) => e.stage === 'training' && e.imagesPerSecond !== null && e.etaMs !== null));
  assert.equal(events.filter((e) => e.epochEnd).length, 4);
});

test('fine-tuning a stored model: head-only phase, then all layers at a lower rate; the start model is untouched', { skip }, async () => {
  const tf = await getTf('wasm');
  registerWasmTrainingKernels(tf);
  const data = await kermanySubset(12, 11);
  const store = new ModelStore({ builtInDir: join(data, 'no-builtins'), userDir: join(data, 'home') });
  const first = await runTraining(
    { data, base: 'scratch', name: 'start', options: { inputSize: 64, epochs: 1, batchSize: 8, valFraction: 0.25 } },
    { tf, store, backend: backendName(), signal: new AbortController().signal, progress: () => {} },
  );
  const startDir = (await store.get(first.modelId!)).dir;
  const before = await folderHash(startDir);
  const second = await runTraining(
    { data, base: first.modelId!, options: { inputSize: 96, epochs: 2, freezeEpochs: 1, batchSize: 8, valFraction: 0.25, maxBatchesPerEpoch: 2, learningRate: 1e-3 } },
    { tf, store, backend: backendName(), signal: new AbortController().signal, progress: () => {} },
  );
  assert.deepEqual(second.history.map((h) => h.phase), ['head', 'full']);
  assert.deepEqual(second.history.map((h) => h.learningRate), [1e-3, 1e-4]);
  const card = (await store.get(second.modelId!)).card;
  assert.equal(card.parent, first.modelId);
  assert.equal(card.inputSize, 96);
  assert.equal(await folderHash(startDir), before, 'the starting model was modified');
  assert.equal((await store.list()).length, 2);
});

test('a stop with "keep" during the second epoch\'s validation stores the first epoch\'s checkpoint', { skip }, async () => {
  const tf = await getTf('wasm');
  registerWasmTrainingKernels(tf);
  const data = await kermanySubset(8);
  const store = new ModelStore({ builtInDir: join(data, 'no-builtins'), userDir: join(data, 'home-val-stop') });
  const stop = new AbortController();
  const result = await runTraining(
    { data, base: 'scratch', name: 'Stopped in validation', onCancel: 'keep', options: { inputSize: 64, epochs: 3, batchSize: 8, augment: null, valFraction: 0.25, earlyStoppingPatience: 0, reduceLrPatience: 0, seed: 5 } },
    {
      tf,
      store,
      backend: backendName(),
      signal: stop.signal,
      // Ctrl-C lands as the second epoch starts validating (the first epoch is the best so far).
      progress: (p) => {
        if (p.training.stage === 'validating' && p.training.epoch === 2) stop.abort();
      },
    },
  );
  assert.equal(result.cancelled, true);
  assert.equal(result.history.length, 1, 'one epoch finished');
  assert.equal(result.modelId, 'stopped-in-validation', 'the checkpoint was kept');
  assert.equal((await store.get('stopped-in-validation')).card.training?.checkpointOfCancelledRun, true);
  // What it was fitted on, by content, for the in-sample warning wherever those images are evaluated.
  const fitted = await readFittedImages((await store.get('stopped-in-validation')).dir);
  assert.deepEqual(fitted?.sets.map((x) => [x.kind, x.content.length]), [
    ['training', result.split.train.images.NORMAL + result.split.train.images.PNEUMONIA],
    ['validation', result.split.val.images.NORMAL + result.split.val.images.PNEUMONIA],
  ]);
});
