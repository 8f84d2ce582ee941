// Evaluation: the probabilities are the ones single-image inference gives, the metrics follow from
// them at the model's threshold, undecodable images are listed (not counted), the Kermany test
// folder is the default split of a Kermany root, and the report is written as JSON + HTML, naming
// the temperature and views that made the scores.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { loadModel } from '../../../src-main/engine/model/load-model';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { evaluateModel } from '../../../src-main/engine/training/evaluate';
import { inferenceRuntime } from '../../../src-main/engine/runtime/runtime-for-model';
import { tfjsArgs } from '../inference/support/tfjs-runtime';
import { metricsAt } from '../../../src-main/engine/training/metrics';
import { writeEvaluationReport } from '../../../src-main/engine/training/report-html';
import { writeChestDicom, writeImage } from './support/draw-images';
import { tempDir } from '../../support/temp-dir';
import { siteCalibration } from './support/site-calibration';

async function smallModel(root: string) {
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(root, 'none'), userDir: join(root, 'home') });
  const model = buildResNet18(tf, { inputSize: 64, seed: 5 });
  const entry = await store.saveModel(tf, model, defaultCard({ id: 'eval-me', inputSize: 64, trained: true, threshold: { value: 0.5, rule: 'test threshold' } }));
  model.dispose();
  return { tf, loaded: await loadModel(tf, entry) };
}

test('evaluation matches single-image inference and reports failures', async () => {
  const root = await tempDir('alveo-eval-');
  const data = join(root, 'data');
  const files: Array<[string, 0 | 1]> = [];
  for (let i = 0; i < 4; i++) {
    files.push([await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 48 + i * 8, i, false), 0]);
    files.push([await writeImage(join(data, 'PNEUMONIA', `p${i}.jpeg`), 'jpeg', 40 + i * 8, 10 + i, true), 1]);
  }
  files.push([await writeChestDicom(join(data, 'PNEUMONIA', 'd.dcm'), { PatientID: 'X' }, 3), 1]);
  await writeFile(join(data, 'NORMAL', 'broken.jpeg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  const { tf, loaded } = await smallModel(root);
  const report = await evaluateModel(tf, loaded, { data, topK: 3 }, { backend: 'wasm' });

  assert.equal(report.n, 9);
  assert.deepEqual(report.dataset.images, { NORMAL: 4, PNEUMONIA: 5 });
  assert.deepEqual(report.failed.map((f) => f.file), [join(data, 'NORMAL', 'broken.jpeg')]);
  const probs: number[] = [];
  for (const [file] of files) probs.push((await predictStudy(...tfjsArgs(tf, loaded), await loadStudy(file))).probability);
  const labels = files.map(([, l]) => l);
  const m = metricsAt(probs, labels, 0.5);
  assert.deepEqual(report.confusion, m.confusion);
  const undef = new Set<string>((report.undefinedMetrics ?? []).map((u) => u.metric));
  for (const k of ['accuracy', 'sensitivity', 'specificity', 'precision', 'f1', 'auc', 'prAuc'] as const) {
    // A metric the data leaves undefined (precision when no image is called PNEUMONIA) is NaN, not metricsAt's 0.
    if (undef.has(k)) assert.ok(Number.isNaN(report[k]), `${k} is undefined: ${report[k]}`);
    else assert.ok(Math.abs(report[k] - m[k]) < 1e-6, `${k}: ${report[k]} vs ${m[k]}`);
  }
  assert.equal(undef.has('precision'), m.confusion.tp + m.confusion.fp === 0, 'precision is undefined exactly when nothing is called PNEUMONIA');
  // NPV from the confusion matrix, undefined exactly when nothing is called NORMAL.
  const called = m.confusion.tn + m.confusion.fn;
  if (called === 0) assert.ok(undef.has('npv') && Number.isNaN(report.npv));
  else assert.equal(report.npv, m.confusion.tn / called);
  assert.equal(report.threshold, 0.5);
  assert.equal(report.thresholdRule, 'test threshold');
  // 95% intervals (patient bootstrap; every file is its own patient here) around the defined figures only.
  assert.equal(report.intervals?.patients, 9);
  for (const k of ['sensitivity', 'specificity', 'auc'] as const) {
    const i: { value: number; low: number; high: number } | undefined = report.intervals?.[k];
    if (undef.has(k)) assert.equal(i, undefined, `${k} undefined, no interval`);
    else assert.ok(i && i.value === report[k] && i.low <= i.value && i.value <= i.high && i.high - i.low > 0.1, `${k}: ${JSON.stringify(i)} from 9 images is wide`);
  }
  // PPV (precision) and NPV get theirs too, where defined.
  const predictive: Array<['ppv' | 'npv', number | undefined, 'precision' | 'npv']> = [['ppv', report.precision, 'precision'], ['npv', report.npv, 'npv']];
  for (const [k, v, metric] of predictive) {
    const i: { value: number; low: number; high: number } | undefined = report.intervals?.[k];
    if (undef.has(metric)) assert.equal(i, undefined, `${k} undefined, no interval`);
    else assert.ok(i && i.value === v && i.low <= i.value && i.value <= i.high, `${k}: ${JSON.stringify(i)}`);
  }
  // 4 + 5 patients: too few to cite, said among the warnings.
  assert.ok(report.warnings?.includes(report.intervals!.smallSample!), JSON.stringify(report.warnings));
  assert.match(report.intervals!.smallSample!, /^small sample: 5 PNEUMONIA patients and 4 NORMAL patients, fewer than 20 in a class/);
  assert.equal(report.topLosses.length, 3);
  for (const s of report.topLosses) {
    const i = files.findIndex(([f]) => f === s.file);
    assert.ok(Math.abs(s.probability - probs[i]) < 1e-5, `${s.file}: ${s.probability} vs ${probs[i]}`);
  }
  // The same evaluation served by ONNX Runtime (what the engine uses for a stored model): same answers.
  const runtime = await inferenceRuntime(loaded.entry, { prefer: 'onnxruntime' });
  const viaOrt = await evaluateModel(tf, loaded, { data, topK: 3 }, { backend: runtime.engine, runtime });
  assert.deepEqual(viaOrt.confusion, report.confusion);
  assert.ok(Math.abs(viaOrt.auc - report.auc) < 1e-6);
  assert.match(viaOrt.backend, /^onnxruntime \(/);
  assert.ok(report.topLosses[0].loss >= report.topLosses[2].loss);
  assert.ok(report.calibration.bins.reduce((n, b) => n + b.count, 0) === 9);

  const out = await writeEvaluationReport(report, join(root, 'report'));
  const html = await readFile(out.html, 'utf8');
  assert.equal((html.match(/<svg /g) ?? []).length, 3);
  assert.match(html, /95% intervals: patient bootstrap \(percentile, 1000 resamplings of the 9 patients, seed 12\), widened where narrower to Wilson/);
  assert.match(html, /<th>NPV<\/th>/);
  assert.match(html, /Warning: small sample: 5 PNEUMONIA patients/);
  // Scores are called model scores, not probabilities (review 30 F7).
  assert.ok(!/p\(pneumonia\)|P\(pneumonia\)/.test(html), 'no "p(pneumonia)" label');
  assert.match(html, /model score \(predicted\)/);
  assert.equal((html.match(/src="data:image\/jpeg;base64,/g) ?? []).length, 3);
  assert.ok(!/src="(?!data:)/.test(html), 'the page loads nothing from outside');
  assert.deepEqual(JSON.parse(await readFile(out.json, 'utf8')), JSON.parse(JSON.stringify(report)));
});

test('the report names what fixes each score: the temperature of a calibrated model and the views averaged', async () => {
  const root = await tempDir('alveo-eval-cal-');
  const data = join(root, 'data');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 48, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 48, 10 + i, true);
  }
  const { tf, loaded } = await smallModel(root);
  const plain = await evaluateModel(tf, loaded, { data }, { backend: 'wasm' });
  assert.equal(plain.model.temperature, 1);
  assert.equal(plain.model.views, 1);
  const calibrated = {
    ...loaded,
    card: {
      ...loaded.card,
      calibration: { ...siteCalibration(join(root, 'site'), 'calibrate'), temperature: 1.7 },
      testTimeAugmentation: { views: [[1, 0, 0], [1.1, 0, 0]] as Array<[number, number, number]>, combine: 'mean-logit' as const },
    },
  };
  const report = await evaluateModel(tf, calibrated, { data }, { backend: 'wasm' });
  assert.equal(report.model.temperature, 1.7);
  assert.equal(report.model.views, 2);
  assert.equal(report.intervals?.seed, 12);
  assert.equal(report.intervals?.method, 'percentile');
  const html = await readFile((await writeEvaluationReport(report, join(root, 'report'))).html, 'utf8');
  assert.match(html, /temperature 1\.7000 \(site calibration\)/);
  assert.match(html, /2 views averaged \(test-time augmentation\)/);
});

test('a Kermany root is evaluated on its test folder unless a split is named', async () => {
  const root = await tempDir('alveo-eval-k-');
  for (const split of ['train', 'test']) {
    for (let i = 0; i < 2; i++) {
      // Distinct pictures: byte-identical copies would count once.
      await writeImage(join(root, 'k', split, 'NORMAL', `IM-0${i}0${split.length}-0001.png`), 'png', 40, i + 10 * split.length, false);
      await writeImage(join(root, 'k', split, 'PNEUMONIA', `person${i}${split.length}_virus_1.png`), 'png', 40, i + 20 + 10 * split.length, true);
    }
  }
  await writeImage(join(root, 'k', 'test', 'PNEUMONIA', 'person99_virus_2.png'), 'png', 40, 99, true);
  const { tf, loaded } = await smallModel(root);
  const k = join(root, 'k');
  const def = await evaluateModel(tf, loaded, { data: k }, { backend: 'wasm' });
  assert.equal(def.dataset.split, 'test');
  assert.equal(def.n, 5);
  assert.equal((await evaluateModel(tf, loaded, { data: k, split: 'all' }, { backend: 'wasm' })).n, 9);
  assert.equal((await evaluateModel(tf, loaded, { data: k, split: 'train' }, { backend: 'wasm' })).n, 4);
  await assert.rejects(evaluateModel(tf, loaded, { data: join(k, 'test'), split: 'test' }, { backend: 'wasm' }), /needs a Kermany root/);
  await assert.rejects(evaluateModel(tf, loaded, { data: k, split: 'val' }, { backend: 'wasm' }), /no 'val' folder/);
});

test('evaluating a model on the folder it was trained on says how many images were its training and validation images', async () => {
  const root = await tempDir('alveo-eval-own-');
  const data = join(root, 'data');
  for (let i = 0; i < 8; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 40 + i * 4, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 40 + i * 4, 20 + i, true);
  }
  const { tf, loaded } = await smallModel(root);
  const { importDataset } = await import('../../../src-main/engine/training/import-dataset');
  const { trainingSplit } = await import('../../../src-main/engine/training/training-split');
  const { defaultTrainingOptions } = await import('../../../src-main/engine/training/training-options');
  const ds = await importDataset(data);
  const options = { ...defaultTrainingOptions({ trained: false }), valFraction: 0.25, seed: 3 };
  const sets = trainingSplit(ds, options.valFraction, options.seed);
  const { skipped, duplicates, ...summary } = ds.summary;
  const trained = {
    ...loaded,
    card: { ...loaded.card, training: { backend: 'wasm', dataset: { ...summary, skipped: skipped.total, duplicatesRemoved: duplicates.removed }, split: sets.summary, options, history: [], stoppedEarly: false, ms: 1 } },
  };
  const own = await evaluateModel(tf, trained, { data }, { backend: 'wasm' });
  assert.ok(
    own.warnings?.includes(`this folder is the one the model was trained on: of these 16 images, ${sets.train.length} were its training images and ${sets.val.length} its validation images (they chose its epoch and threshold); the figures are in-sample and optimistic`),
    JSON.stringify(own.warnings),
  );
  // The same weights without a training record (a model trained elsewhere) say nothing of it.
  const plain = await evaluateModel(tf, loaded, { data }, { backend: 'wasm' });
  assert.equal((plain.warnings ?? []).some((w) => w.includes('trained on')), false);
});
