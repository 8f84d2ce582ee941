// alveo evaluate --json: one JSON object with the agreed fields; --report writes JSON + HTML.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { modelWeightsSha256 } from '../../../src-main/engine/model/model-weights-hash';
import { engineVersion } from '../../../src-main/engine/engine-version';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { saveSmallModel } from '../../engine/inference/support/small-resnet';
import { writeImage } from '../../engine/training/support/draw-images';
import { REPO_ROOT, runCli } from '../support/run-cli';
import { tempDir } from '../../support/temp-dir';

test('alveo evaluate --json prints the metrics object; --report writes the report', async () => {
  const root = await tempDir('alveo-cli-eval-');
  const home = join(root, 'home');
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(root, 'none'), userDir: home, id: 'm1', seed: 9, trained: true, threshold: 0.42 });
  const data = join(root, 'data');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'test', 'NORMAL', `IM-000${i}-0001.png`), 'png', 40, i, false);
    await writeImage(join(data, 'test', 'PNEUMONIA', `person${i}_virus_1.png`), 'png', 40, 9 + i, true);
    await writeImage(join(data, 'train', 'NORMAL', `IM-010${i}-0001.png`), 'png', 40, 20 + i, false);
  }
  const report = join(root, 'report');
  const r = await runCli(['evaluate', '--data', data, '--model', 'm1', '--json', '--report', report], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const k of ['n', 'accuracy', 'sensitivity', 'specificity', 'precision', 'f1', 'auc', 'threshold']) assert.equal(typeof out[k], 'number', k);
  assert.deepEqual(Object.keys(out.confusion as object).sort(), ['fn', 'fp', 'tn', 'tp']);
  assert.equal(out.n, 6, 'a Kermany root is evaluated on its test folder');
  assert.equal(out.threshold, 0.42);
  // The numbers agree with the confusion matrix of 3 NORMAL + 3 PNEUMONIA test images.
  const cm = out.confusion as { tp: number; fp: number; tn: number; fn: number };
  assert.equal(cm.tp + cm.fn, 3, 'PNEUMONIA images');
  assert.equal(cm.tn + cm.fp, 3, 'NORMAL images');
  assert.ok(Math.abs((out.accuracy as number) - (cm.tp + cm.tn) / 6) < 1e-9, `accuracy ${out.accuracy}`);
  assert.ok(Math.abs((out.sensitivity as number) - cm.tp / 3) < 1e-9, `sensitivity ${out.sensitivity}`);
  assert.ok(Math.abs((out.specificity as number) - cm.tn / 3) < 1e-9, `specificity ${out.specificity}`);
  assert.ok((out.auc as number) >= 0 && (out.auc as number) <= 1, `auc ${out.auc}`);
  // The report names the model by its weights and the Alveo that made it, as score's CSV does.
  const model = out.model as { id: string; dir: string; sha256: string; temperature: number; views: number };
  assert.equal(model.sha256, await modelWeightsSha256(model.dir));
  assert.equal(out.alveo, engineVersion());
  assert.ok(existsSync(join(report, 'report.html')) && existsSync(join(report, 'report.json')));
  assert.ok((await readFile(join(report, 'report.html'), 'utf8')).includes(`Weights sha256 ${model.sha256}`), 'the HTML names the weights too');
  const written = JSON.parse(await readFile(join(report, 'report.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([written.n, written.auc, written.confusion], [out.n, out.auc, out.confusion], 'report.json holds the printed metrics');

  const all = await runCli(['evaluate', '--data', data, '--model', 'm1', '--split', 'all', '--json'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.equal(JSON.parse(all.stdout).n, 9);
  const text = await runCli(['evaluate', '--data', join(data, 'test'), '--model', 'm1'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.match(text.stdout, /accuracy [\d.]+ {2}sensitivity [\d.]+ \[[\d.]+-[\d.]+\] {2}specificity [\d.]+ \[[\d.]+-[\d.]+\]/);
  // 3 + 3 images of 6 patients: the brackets are the JSON's patient-bootstrap intervals, said how.
  assert.match(text.stdout, /\(95% intervals in brackets: patient bootstrap \(percentile, 1000 resamplings of the 6 patients, seed 12\), widened where narrower to Wilson's interval \(proportions\) or Newcombe's score interval \(ROC-AUC\) on the effective number of patients\)/);
  const intervals = out.intervals as { patients: number; seed: number; method: string; smallSample: string };
  assert.equal(intervals.patients, 6);
  assert.deepEqual([intervals.seed, intervals.method], [12, 'percentile']);
  // NPV beside PPV, each with its interval where defined, and the prevalence they hold at.
  const npv = cm.tn + cm.fn ? cm.tn / (cm.tn + cm.fn) : null;
  assert.equal(out.npv, npv);
  assert.match(text.stdout, /precision \(PPV\) (n\/a|[\d.]+ \[[\d.]+-[\d.]+\]) {2}NPV (n\/a|[\d.]+ \[[\d.]+-[\d.]+\])/);
  assert.match(text.stdout, /PPV and NPV depend on prevalence: here 50\.0% of the images are PNEUMONIA/);
  // 3 patients per class: a small-sample warning in the figures' block (stdout, kept by `> file`), not again on stderr; exit 0.
  assert.equal(text.code, 0);
  assert.ok(text.stdout.includes(`warning: ${intervals.smallSample}`), text.stdout);
  assert.match(intervals.smallSample, /^small sample: 3 PNEUMONIA patients and 3 NORMAL patients, fewer than 20 in a class: the 95% intervals are not meaningful/);
  assert.ok(!text.stderr.includes('small sample'), text.stderr);
  assert.ok((out.warnings as string[]).includes(intervals.smallSample), 'the JSON lists it among the warnings');
  // The model line names the views (and a temperature when the model is calibrated: none here).
  assert.match(text.stdout, /^model m1 \(\d+ px, weights sha256 [0-9a-f]{12}…, 1 view\) on /m);
  assert.deepEqual([model.temperature, model.views], [1, 1]);
  // Without --model: the active model (the shipped default when the repository has one).
  const active = await runCli(['evaluate', '--data', join(data, 'test'), '--json'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  if (existsSync(join(REPO_ROOT, 'models', 'default', 'card.json'))) {
    assert.equal(active.code, 0, active.stderr);
    assert.equal(JSON.parse(active.stdout).model.id, 'default');
  } else {
    assert.equal(active.code, 1);
    assert.match(active.stderr, /no active model/);
  }
});
