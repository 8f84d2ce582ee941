// Training as a job in a worker thread, through the engine: progress events arrive, cancel stops
// it, and the engine does what the cancel asked with the best checkpoint so far: discard (the store
// is exactly as it was) or keep (stored, marked as such). Either way job:end carries the result.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { cardActivationCaution } from '../../../src-main/api/activation-caution';
import { createEngine } from '../../../src-main/engine/index';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { comparisonRecord } from '../../../src-main/engine/training/comparison-record';
import { headMatches, loadOodStats } from '../../../src-main/engine/guardrails/ood-stats';
import { testCard } from '../inference/support/test-card';
import { skipUnless } from '../studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from './support/kermany-subset';

const skip = skipUnless(KERMANY_TRAIN);

/** `backend` 'auto': ONNX Runtime serves inference (the comparison then runs on the engine's thread). */
function setup(data: string, backend: 'wasm' | 'auto' = 'wasm') {
  const deps = { builtInModelsDir: join(data, 'no-builtins'), userDir: join(data, 'home'), backend };
  const store = new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
  const engine = createEngine(deps);
  const events: EngineEvent[] = [];
  const waiters: Array<() => void> = [];
  engine.subscribe((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred: (e: EngineEvent) => boolean) => {
    while (!events.some(pred)) await new Promise<void>((r) => waiters.push(r));
    return events.find(pred)!;
  };
  const ended = async (jobId: string) => {
    const end = await until((e) => e.jobId === jobId && e.type === 'job:end');
    assert.ok(end.type === 'job:end' && end.kind === 'train');
    return end;
  };
  return { store, engine, events, until, ended, userDir: deps.userDir };
}

test('a cancelled training run leaves the store unchanged', { skip }, async () => {
  const data = await kermanySubset(16);
  const { store, engine, until, ended, userDir } = setup(data);
  const before = JSON.stringify(await store.list());
  const { jobId } = await engine.startTraining({ data, base: 'scratch', options: { inputSize: 64, epochs: 5, batchSize: 4 } });
  const first = await until((e) => e.jobId === jobId && e.type === 'job:progress' && e.kind === 'train' && e.training.stage === 'training');
  assert.equal(first.type === 'job:progress' && first.kind === 'train' && first.training.backend.startsWith('wasm'), true);
  // The training plan names the backend before the run (getInfo); the run reports that very backend.
  assert.equal(first.type === 'job:progress' && first.kind === 'train' && first.training.backend, (await engine.getInfo()).trainingBackend);
  // The run is there to be taken up again by a page that reloads, and a second one waits for it.
  const running = await engine.runningTraining();
  assert.equal(running?.jobId, jobId);
  assert.equal(running?.spec.data, data);
  // With where it is now, so a page taking it up shows the stage at once (not "Starting…").
  assert.ok(['training', 'validating'].includes(running?.latest?.training.stage ?? ''), running?.latest?.training.stage);
  await assert.rejects(engine.startTraining({ data, base: 'scratch', options: { inputSize: 64, epochs: 1, batchSize: 4 } }), /a training run is already under way \(started .*\): stop it or wait/);
  await engine.cancelJob(jobId);
  const end = await ended(jobId);
  assert.equal(end.outcome, 'cancelled');
  assert.equal(await engine.runningTraining(), null, 'no run once it has ended');
  // A start that fails before its job (no such folder) does not block the next one.
  await assert.rejects(engine.startTraining({ data: join(data, 'missing'), base: 'scratch' }), /folder not found/);
  assert.equal(await engine.runningTraining(), null);
  // The run stopped in its first epoch: its result says so, with nothing stored.
  assert.equal(end.result?.cancelled, true);
  assert.equal(end.result?.modelId, null);
  assert.equal(JSON.stringify(await store.list()), before);
  // Nothing half-written either (the store writes through temporary folders).
  const left = await readdir(join(userDir, 'models')).catch(() => []);
  assert.deepEqual(left, []);
  await engine.dispose();
});

test('cancel with "discard" after an epoch: the engine drops the checkpoint the spec would have kept', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const { store, engine, until, ended, userDir } = setup(data);
  const { jobId } = await engine.startTraining({ data, base: 'scratch', name: 'dropped', onCancel: 'keep', options: { inputSize: 64, epochs: 20, batchSize: 8, valFraction: 0.25 } });
  await until((e) => e.jobId === jobId && e.type === 'job:progress' && e.kind === 'train' && Boolean(e.training.epochEnd));
  await engine.cancelJob(jobId, 'discard');
  const end = await ended(jobId);
  assert.equal(end.outcome, 'cancelled');
  assert.ok(end.result, 'a cancelled run still returns its result');
  assert.ok(end.result.history.length >= 1, 'an epoch had ended: there was a checkpoint to drop');
  assert.equal(end.result.modelId, null);
  assert.deepEqual(await store.list(), []);
  assert.deepEqual(await readdir(join(userDir, 'models')).catch(() => []), []);
  await engine.dispose();
});

test('cancel with "keep": the engine stores the best checkpoint so far, marked as such, and job:end names it', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const { store, engine, until, ended } = setup(data);
  // No onCancel in the spec (it would discard): the choice comes with the cancel.
  const { jobId } = await engine.startTraining({ data, base: 'scratch', name: 'kept', options: { inputSize: 64, epochs: 20, batchSize: 8, valFraction: 0.25 } });
  await until((e) => e.jobId === jobId && e.type === 'job:progress' && e.kind === 'train' && Boolean(e.training.epochEnd));
  await engine.cancelJob(jobId, 'keep');
  const end = await ended(jobId);
  assert.equal(end.outcome, 'cancelled');
  assert.equal(end.result?.modelId, 'kept');
  assert.equal(end.result?.card?.training?.checkpointOfCancelledRun, true);
  assert.deepEqual(end.result?.comparison, [], 'a cancelled run is not compared');
  const models = await store.list();
  assert.deepEqual(models.map((m) => m.id), ['kept']);
  assert.equal(models[0].card.training?.checkpointOfCancelledRun, true);
  assert.match(models[0].card.notes?.[0] ?? '', /checkpoint of a cancelled run/);
  await engine.dispose();
});

test('a fine-tune keeps its parent’s population and intended use, and its card records the comparison with the parent', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const { store, engine, ended } = setup(data);
  // A parent at 96 px that says who it is for (seeded weights: its figures come from the comparison).
  const tf = await getTf('wasm');
  const population = { ageYears: [1, 5] as [number, number], views: ['PA', 'AP'], description: 'Frontal chest radiographs of children aged 1 to 5' };
  const parentData = { description: 'Parent data set', credit: 'Parent Data Authors, 2020', licence: 'CC BY 4.0', images: 1000, patients: 600 };
  const parentCard = testCard({ id: 'parent-96', name: 'Parent 96', inputSize: 96, trained: true, population, intendedUse: 'Research on pediatric frontal chest radiographs only.', trainingData: parentData });
  const net = buildResNet18(tf, { inputSize: 96, seed: 17 });
  await store.saveModel(tf, net, parentCard).finally(() => net.dispose());

  const { jobId } = await engine.startTraining({ data, base: 'parent-96', name: 'child', options: { inputSize: 64, epochs: 1, batchSize: 8, valFraction: 0.25, maxBatchesPerEpoch: 1 } });
  const end = await ended(jobId);
  assert.equal(end.outcome, 'done', end.type === 'job:end' ? (end.error ?? '') : '');
  const result = end.result!;
  const stored = (await store.get('child')).card;
  assert.equal(stored.parent, 'parent-96');
  // The parent's ages and views still bound it; the words say the population is the parent's, assumed for the new images.
  assert.deepEqual({ ...stored.population, description: population.description }, population);
  assert.match(stored.population?.description ?? '', new RegExp(`^Frontal chest radiographs of children aged 1 to 5 \\(its parent's population; fine-tuned on \\d+ images from ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, whose population Alveo does not know: assumed the same\\)$`));
  // The recipe spells out every option the CLI takes, so it trains the same model again.
  assert.match(stored.recipe ?? '', new RegExp(`^alveo train --data \\S+ --base parent-96 --epochs 1 --size 64 --batch 8 --lr [\\d.e-]+ --seed \\d+ --val-fraction 0\\.25 --max-batches 1 \\(all options: \\{`));
  assert.equal(stored.intendedUse, parentCard.intendedUse);
  // What it learned from: its own images on top of the parent's, whose credit and licence stay.
  const own = stored.training!.split;
  const ownImages = own.train.images.NORMAL + own.train.images.PNEUMONIA + own.val.images.NORMAL + own.val.images.PNEUMONIA;
  const ownPatients = own.train.patients.NORMAL + own.train.patients.PNEUMONIA + own.val.patients.NORMAL + own.val.patients.PNEUMONIA;
  assert.deepEqual([stored.trainingData.images, stored.trainingData.patients, stored.trainingData.credit, stored.trainingData.licence], [1000 + ownImages, 600 + ownPatients, parentData.credit, parentData.licence]);
  assert.match(stored.trainingData.description, /, on top of its parent 'parent-96': Parent data set$/);
  assert.ok(stored.notes?.some((n) => /; 1 epoch(?!s)/.test(n)), `notes: ${stored.notes?.join(' | ')}`);
  // The comparison the report shows is on the card, for the model manager: the parent's figures and the child's from the same evaluation.
  const parentReport = result.comparison.find((c) => c.role === 'parent')?.report;
  const childReport = result.comparison.find((c) => c.role === 'new')?.report;
  assert.ok(parentReport && childReport, JSON.stringify(result.comparison.map((c) => c.error)));
  const recorded = stored.training?.comparedWith;
  assert.deepEqual(recorded, comparisonRecord(result.comparison));
  assert.deepEqual([recorded?.role, recorded?.modelId, recorded?.inputSize, recorded?.metrics.auc, recorded?.newMetrics.auc], ['parent', 'parent-96', 96, parentReport.auc, childReport.auc]);
  assert.deepEqual(result.card, stored, 'the job returns the card as stored');
  // The activation rule reads the same from the stored card whether or not the parent is still installed.
  const caution = cardActivationCaution(stored, (await store.get('parent-96')).card);
  assert.deepEqual(caution, cardActivationCaution(stored, null));
  assert.ok(caution.reasons.some((r) => r.kind === 'input-size' && /64 px differs from the start model's 96 px/.test(r.text)));
  assert.ok(caution.reasons.some((r) => r.kind === 'tiny-validation'), 'four validation images');
  await engine.dispose();
});

test('where ONNX Runtime serves, the engine compares on it after the worker’s run: both models on ONNX Runtime, the same figures as its own evaluation of those images', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const { store, engine, ended, until } = setup(data, 'auto');
  const tf = await getTf('wasm');
  const net = buildResNet18(tf, { inputSize: 64, seed: 29 });
  await store.saveModel(tf, net, testCard({ id: 'parent-64', name: 'Parent 64', inputSize: 64, trained: true })).finally(() => net.dispose());
  const { jobId } = await engine.startTraining({ data, base: 'parent-64', name: 'child-ort', options: { inputSize: 64, epochs: 1, batchSize: 8, valFraction: 0.25, maxBatchesPerEpoch: 1 } });
  const end = await ended(jobId);
  assert.equal(end.outcome, 'done', end.type === 'job:end' ? (end.error ?? '') : '');
  const result = end.result!;
  assert.match(result.backend, /^wasm/, 'the run itself trains on tfjs');
  assert.deepEqual(result.comparison.map((c) => [c.role, c.error, /^onnxruntime/.test(c.report?.backend ?? '')]), [
    ['new', null, true],
    ['parent', null, true],
  ]);
  assert.deepEqual((await store.get('child-ort')).card.training?.comparedWith, comparisonRecord(result.comparison), 'recorded on the card as before');
  const parentReport = result.comparison[1].report!;
  const { jobId: evalId } = await engine.startEvaluation({ data, model: 'parent-64', validationSplit: { valFraction: 0.25, seed: result.options.seed } });
  const evaluated = await until((e) => e.jobId === evalId && e.type === 'job:end');
  assert.ok(evaluated.type === 'job:end' && evaluated.kind === 'evaluate' && evaluated.result, JSON.stringify(evaluated));
  const report = evaluated.result;
  assert.deepEqual([report.n, report.auc, report.confusion, report.backend], [parentReport.n, parentReport.auc, parentReport.confusion, parentReport.backend]);
  // Too few images for the unlike-training check: none is written, and the card says why.
  const child = await store.get('child-ort');
  assert.equal(child.featureGuardrail, false);
  assert.ok(child.card.notes?.some((n) => /^No unlike-training check: \d+ NORMAL and \d+ PNEUMONIA training images and \d+ validation images are too few/.test(n)), child.card.notes?.join(' | '));
  await engine.dispose();
});

test('where ONNX Runtime serves, a run with enough images gets its own unlike-training check, fitted to the stored weights', { skip, timeout: 240_000 }, async () => {
  const data = await kermanySubset(72, 5);
  const { store, engine, ended } = setup(data, 'auto');
  const { jobId } = await engine.startTraining({ data, base: 'scratch', name: 'with-check', options: { inputSize: 64, epochs: 1, batchSize: 16, valFraction: 0.3, maxBatchesPerEpoch: 2 } });
  const end = await ended(jobId);
  assert.equal(end.outcome, 'done', end.type === 'job:end' ? (end.error ?? '') : '');
  const entry = await store.get('with-check');
  assert.equal(entry.featureGuardrail, true);
  const stats = loadOodStats(entry.dir);
  const { runtime } = await engine.runtime('with-check');
  assert.ok(stats && headMatches(stats, runtime.head), 'the statistics belong to the stored weights');
  assert.ok(entry.card.notes?.some((n) => /^Unlike-training check \(ood\.json\) fitted on \d+ training images of the run/.test(n)), entry.card.notes?.join(' | '));
  assert.match(stats.thresholdRule, /^99th percentile of the score on \d+ held-out images \(the run's validation patients/);
  await engine.dispose();
});

test('bad options and missing folders are errors of the call, not of a job', async () => {
  const { engine: api } = setup('/nonexistent-alveo');
  await assert.rejects(api.startTraining({ data: '/nonexistent-alveo/data' }), /folder not found/);
  await assert.rejects(api.startTraining({ data: '/tmp', base: 'scratch', options: { inputSize: 70 } }), /inputSize must be a multiple of 32/);
  await assert.rejects(api.startTraining({ data: '/tmp', base: 'scratch', options: { epochs: 0 } }), /epochs must be an integer/);
  await assert.rejects(api.startTraining({ data: '/tmp', base: 'no-such-model' }), /no model with id 'no-such-model'/);
  const d = await api.defaultTrainingOptions('scratch');
  assert.equal(d.augment?.horizontalFlip, false);
  assert.equal(d.classWeights, true);
  assert.equal(d.freezeEpochs, 0);
  await api.dispose();
});
