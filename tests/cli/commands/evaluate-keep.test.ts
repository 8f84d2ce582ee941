// alveo evaluate --models A,B: each model on the same folder, one block each, then a comparison
// table; --keep stores each evaluation on its model's card (the engine test covers shipped models).
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EvaluationReport, PairedComparison } from '../../../src-main/api/evaluation';
import type { ModelCard } from '../../../src-main/api/model-card';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { writeImage } from '../../engine/training/support/draw-images';
import { runCli } from '../support/run-cli';

let root: string;
let home: string;
let data: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-cli-eval-keep-'));
  home = join(root, 'home');
  data = join(root, 'data');
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(root, 'none'), userDir: home });
  for (const [id, seed, threshold] of [['m1', 9, 0.42], ['m2', 11, 0.55]] as const) {
    const model = buildResNet18(tf, { inputSize: 32, seed });
    await store.saveModel(tf, model, defaultCard({ id, inputSize: 32, trained: true, threshold: { value: threshold, rule: 'test' } }));
    model.dispose();
  }
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 40, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 40, 9 + i, true);
  }
});
after(() => rm(root, { recursive: true, force: true }));

const env = () => ({ ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
const card = async (id: string) => JSON.parse(await readFile(join(home, 'models', id, 'card.json'), 'utf8')) as ModelCard;

test('--models A,B prints one block per model and a comparison table; --keep stores each on its card', async () => {
  const r = await runCli(['evaluate', '--data', data, '--models', 'm1,m2', '--keep'], env());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /== m1 ==\nmodel m1 /);
  assert.match(r.stdout, /== m2 ==\nmodel m2 /);
  const table = r.stdout.slice(r.stdout.indexOf('comparison on'));
  assert.match(table, /model +n +AUC \[95% CI\] +sensitivity \[95% CI\] +specificity \[95% CI\] +threshold/);
  assert.match(table, /\nm1 +6 +[\d.]+ \[[\d.]+-[\d.]+\] .* 0\.4200\n/);
  assert.match(table, /\nm2 +6 +[\d.]+ \[[\d.]+-[\d.]+\] .* 0\.5500\n/);
  assert.match(r.stderr, /kept on the card of m1 \(independent\)/);
  // Then m2 against m1 as a pair on the same images: differences with intervals from one patient bootstrap.
  assert.match(r.stdout, /paired, m2 minus m1 on the same 6 images \(1000 resamplings of 6 patients, drawn for both\):\n {2}AUC [+-][\d.]+ \[[+-][\d.]+, [+-][\d.]+\] {2}sensitivity [+-][\d.]+ \[.*\] {2}specificity [+-][\d.]+ \[.*\] \(each at its model's threshold\)\n {2}(m2 has the higher|m1 has the higher|these images cannot tell)/);
  for (const id of ['m1', 'm2']) {
    const kept = (await card(id)).evaluations ?? [];
    assert.equal(kept.length, 1, id);
    assert.equal(kept[0].folder, realpathSync(data));
    assert.equal(kept[0].n, 6);
    assert.equal(kept[0].inSample, false);
  }
  // Again, as JSON: an array of the two reports; the kept record for the folder is replaced, not added.
  const json = await runCli(['evaluate', '--data', data, '--models', 'm1,m2', '--json', '--keep'], env());
  assert.equal(json.code, 0, json.stderr);
  const reports = JSON.parse(json.stdout) as EvaluationReport[];
  assert.deepEqual(reports.map((x) => x.model.id), ['m1', 'm2']);
  // Every counted image's score is in the report, and the pairing's AUC difference is the two reports' difference.
  assert.equal(reports[0].scores?.length, 6);
  const pair = (reports[1] as EvaluationReport & { pairedWithFirst?: PairedComparison }).pairedWithFirst;
  assert.ok(pair, 'the second report carries its pairing with the first');
  assert.equal(pair.n, 6);
  assert.ok(Math.abs(pair.auc.value - (reports[1].auc - reports[0].auc)) < 1e-9);
  assert.ok(pair.auc.low <= pair.auc.value && pair.auc.value <= pair.auc.high);
  assert.equal((await card('m1')).evaluations?.length, 1);
  // --models names one: still an array (one shape for a script); --model: one object.
  const one = JSON.parse((await runCli(['evaluate', '--data', data, '--models', 'm1', '--json'], env())).stdout) as unknown;
  assert.ok(Array.isArray(one) && one.length === 1, 'an array of one');
});

test('--models with --report: one numbered sub-folder per model, so two models named alike do not overwrite each other', async () => {
  // The stored m1 and the same folder given by path: both named "m1".
  const out = join(root, 'reports');
  const r = await runCli(['evaluate', '--data', data, '--models', `m1,${join(home, 'models', 'm1')}`, '--report', out], env());
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await readdir(out)).sort(), ['1-m1', '2-m1']);
  for (const sub of ['1-m1', '2-m1']) assert.ok((await readFile(join(out, sub, 'report.html'), 'utf8')).length > 100, sub);
});

test('--model and --models together are a usage error', async () => {
  const usage = await runCli(['evaluate', '--data', data, '--model', 'm1', '--models', 'm1,m2'], env());
  assert.equal(usage.code, 2, usage.stderr);
});
