// What the training panel asks of the engine: the import summary with the split a run will make
// (before any run), and evaluation on a run's own validation images (EvaluationSpec.validationSplit),
// on images the test draws itself, so it runs anywhere.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../src-main/api/events';
import type { EvaluationReport } from '../../src-main/api/training';
import { createEngine } from '../../src-main/engine/index';
import { defaultCard } from '../../src-main/engine/model/card-file';
import { ModelStore } from '../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../src-main/engine/model/resnet18';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { validationItems } from '../../src-main/engine/training/evaluate';
import { importDataset } from '../../src-main/engine/training/import-dataset';
import { previewTrainingData } from '../../src-main/engine/training-panel-api';
import { writeImage } from './training/support/draw-images';

/** 10 PNEUMONIA patients (patients 1-4 with two images each) and 10 NORMAL patients, Kermany names. */
async function drawDataset(root: string): Promise<string> {
  const data = join(root, 'data');
  let seed = 0;
  for (let p = 1; p <= 10; p++) {
    await writeImage(join(data, 'PNEUMONIA', `person${p}_bacteria_${p}.png`), 'png', 40, seed++, true);
    if (p <= 4) await writeImage(join(data, 'PNEUMONIA', `person${p}_virus_${100 + p}.png`), 'png', 40, seed++, true);
    await writeImage(join(data, 'NORMAL', `IM-${String(p).padStart(4, '0')}-0001.png`), 'png', 40, seed++, false);
  }
  return data;
}

test('previewTrainingData: summary and a patient-level split covering every usable image once', async () => {
  const root = await mkdtemp(join(tmpdir(), 'alveo-panel-'));
  try {
    const data = await drawDataset(root);
    const { dataset, split } = await previewTrainingData(data, { valFraction: 0.3, seed: 5 });
    assert.deepEqual(dataset.images, { NORMAL: 10, PNEUMONIA: 14 });
    assert.deepEqual(dataset.patients, { NORMAL: 10, PNEUMONIA: 10 });
    const sum = (c: { NORMAL: number; PNEUMONIA: number }) => c.NORMAL + c.PNEUMONIA;
    assert.equal(sum(split.train.images) + sum(split.val.images), 24);
    assert.equal(sum(split.train.patients) + sum(split.val.patients), 20, 'no patient in two parts');
    assert.equal(split.seed, 5);
    assert.ok(split.val.images.NORMAL >= 1 && split.val.images.PNEUMONIA >= 1);
    // The panel's preview is the split the evaluation of the run's validation images uses.
    const { items } = validationItems(await importDataset(data), { valFraction: 0.3, seed: 5 });
    assert.equal(items.length, sum(split.val.images));
    // Defaults (15%, seed 42) when the panel gives none; bad values and folders refused in words.
    assert.equal((await previewTrainingData(data)).split.seed, 42);
    await assert.rejects(previewTrainingData(data, { valFraction: 0.9 }), /valFraction must be a number in \[0.01, 0.5\]/);
    await assert.rejects(previewTrainingData(join(root, 'absent')), (err: Error & { code?: string }) => err.code === 'NOT_FOUND');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('startEvaluation with validationSplit evaluates exactly the validation part of the split', async () => {
  const root = await mkdtemp(join(tmpdir(), 'alveo-panel-'));
  const deps = { builtInModelsDir: join(root, 'none'), userDir: join(root, 'home'), backend: 'wasm' as const };
  const engine = createEngine(deps);
  try {
    const data = await drawDataset(root);
    const tf = await getTf('wasm');
    const model = buildResNet18(tf, { inputSize: 32, seed: 3 });
    await new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir }).saveModel(
      tf,
      model,
      defaultCard({ id: 'panel-eval', inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' } }),
    );
    model.dispose();
    const { split } = await engine.previewTrainingData(data, { valFraction: 0.3, seed: 5 });
    const events: EngineEvent[] = [];
    engine.subscribe((e) => events.push(e));
    const { jobId } = await engine.startEvaluation({ data, model: 'panel-eval', validationSplit: { valFraction: 0.3, seed: 5 }, topK: 3 });
    await engine.waitForJob(jobId);
    const end = events.find((e) => e.jobId === jobId && e.type === 'job:end');
    assert.ok(end?.type === 'job:end' && end.kind === 'evaluate', 'no end event of an evaluate job');
    assert.equal(end.outcome, 'done', end.error);
    const report: EvaluationReport = end.result as EvaluationReport;
    assert.equal(report.n, split.val.images.NORMAL + split.val.images.PNEUMONIA);
    assert.deepEqual(report.dataset.images, split.val.images);
    assert.match(report.dataset.split, /training validation \(patient-level/);
    const { tp, fp, tn, fn } = report.confusion;
    assert.equal(tp + fp + tn + fn, report.n);
    assert.equal(report.topLosses.length, 3);
  } finally {
    await engine.dispose();
    await rm(root, { recursive: true, force: true });
  }
});
