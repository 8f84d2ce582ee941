// Training as a job in a worker thread, through the API the engine exposes: progress events arrive,
// cancel stops it and leaves the model store exactly as it was (or keeps a checkpoint when asked).
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { JobRunner } from '../../../src-main/engine/jobs/job-runner';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { createTrainingApi } from '../../../src-main/engine/training/training-api';
import { skipUnless } from '../studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from './support/kermany-subset';

const skip = skipUnless(KERMANY_TRAIN);

function setup(data: string) {
  const deps = { builtInModelsDir: join(data, 'no-builtins'), userDir: join(data, 'home'), backend: 'wasm' as const };
  const store = new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
  const events: EngineEvent[] = [];
  const waiters: Array<() => void> = [];
  const runner = new JobRunner((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const api = createTrainingApi({ store, runner, deps }).methods;
  const until = async (pred: (e: EngineEvent) => boolean) => {
    while (!events.some(pred)) await new Promise<void>((r) => waiters.push(r));
    return events.find(pred)!;
  };
  return { store, runner, api, events, until, userDir: deps.userDir };
}

test('a cancelled training run leaves the store unchanged', { skip }, async () => {
  const data = await kermanySubset(16);
  const { store, runner, api, until, userDir } = setup(data);
  const before = JSON.stringify(await store.list());
  const { jobId } = await api.startTraining({ data, base: 'scratch', options: { inputSize: 64, epochs: 5, batchSize: 4 } });
  const first = await until((e) => e.jobId === jobId && e.type === 'job:progress' && e.training?.stage === 'training');
  assert.equal(first.type === 'job:progress' && first.training?.backend.startsWith('wasm'), true);
  runner.cancel(jobId);
  const end = await until((e) => e.jobId === jobId && (e.type === 'job:done' || e.type === 'job:error'));
  assert.deepEqual(end.type === 'job:error' && { cancelled: end.cancelled }, { cancelled: true });
  assert.equal(JSON.stringify(await store.list()), before);
  // Nothing half-written either (the store writes through temporary folders).
  const left = await readdir(join(userDir, 'models')).catch(() => []);
  assert.deepEqual(left, []);
  await runner.dispose();
});

test('cancel with onCancel "keep" stores the best checkpoint so far, marked as such', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const { store, runner, api, until } = setup(data);
  const { jobId } = await api.startTraining({ data, base: 'scratch', name: 'kept', onCancel: 'keep', options: { inputSize: 64, epochs: 20, batchSize: 8, valFraction: 0.25 } });
  await until((e) => e.jobId === jobId && e.type === 'job:progress' && Boolean(e.training?.epochEnd));
  runner.cancel(jobId);
  const end = await until((e) => e.jobId === jobId && (e.type === 'job:done' || e.type === 'job:error'));
  assert.equal(end.type, 'job:error');
  const models = await store.list();
  assert.deepEqual(models.map((m) => m.id), ['kept']);
  assert.equal(models[0].card.training?.checkpointOfCancelledRun, true);
  assert.match(models[0].card.notes?.[0] ?? '', /checkpoint of a cancelled run/);
  await runner.dispose();
});

test('bad options and missing folders are errors of the call, not of a job', async () => {
  const { api, runner } = setup('/nonexistent-alveo');
  await assert.rejects(api.startTraining({ data: '/nonexistent-alveo/data' }), /folder not found/);
  await assert.rejects(api.startTraining({ data: '/tmp', base: 'scratch', options: { inputSize: 70 } }), /inputSize must be a multiple of 32/);
  await assert.rejects(api.startTraining({ data: '/tmp', base: 'scratch', options: { epochs: 0 } }), /epochs must be an integer/);
  await assert.rejects(api.startTraining({ data: '/tmp', base: 'no-such-model' }), /no model with id 'no-such-model'/);
  const d = await api.defaultTrainingOptions('scratch');
  assert.equal(d.augment?.horizontalFlip, false);
  assert.equal(d.classWeights, true);
  assert.equal(d.freezeEpochs, 0);
  await runner.dispose();
});
