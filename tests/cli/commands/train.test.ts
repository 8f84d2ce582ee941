// alveo train as a user runs it: progress on stderr, the comparison with the model it is judged
// against, the new model id last on stdout; Ctrl-C (SIGINT) cancels and stores nothing, or with
// --keep-on-cancel keeps the best checkpoint (the job's result names it).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { skipUnless } from '../../engine/studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from '../../engine/training/support/kermany-subset';
import { REPO_ROOT, runCli, startCli } from '../support/run-cli';

const skip = skipUnless(KERMANY_TRAIN);

test('alveo train prints progress on stderr and the new model id last', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const home = join(data, 'home');
  const r = await runCli(['train', '--data', data, '--base', 'scratch', '--epochs', '2', '--size', '64', '--batch', '8', '--out', 'My Site v1'], {
    ALVEO_HOME: home,
    ALVEO_BACKEND: 'wasm',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'my-site-v1\n');
  assert.match(r.stderr, /epoch 1\/2 \(all layers\): train loss [\d.]+, val loss [\d.]+, val AUC/);
  assert.match(r.stderr, /epoch 2\/2/);
  assert.match(r.stderr, /saved model 'my-site-v1' \(wasm/);
  // From scratch, the new model is compared with the active (shipped) model when there is one,
  // both on the run's validation images (the train job's result carries the comparison).
  assert.match(r.stderr, /compared on the same \d+ validation images:\n {2}new {4}my-site-v1: AUC [\d.]+, sensitivity [\d.]+, specificity [\d.]+ at its threshold/);
  if (existsSync(join(REPO_ROOT, 'models', 'default', 'card.json'))) assert.match(r.stderr, /\n {2}active default: AUC [\d.]+/);
  const store = new ModelStore({ builtInDir: join(data, 'none'), userDir: home });
  const entry = await store.get('my-site-v1');
  assert.equal(entry.card.name, 'My Site v1');
  assert.equal(entry.card.inputSize, 64);
});

test('alveo train: Ctrl-C cancels and stores nothing; bad arguments exit 2', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const home = join(data, 'home');
  const run = startCli(['train', '--data', data, '--base', 'scratch', '--epochs', '3', '--size', '64', '--batch', '4'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  while (!/batch \d+\/\d+/.test(run.stderr())) await new Promise((r) => setTimeout(r, 100));
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /cancelled: nothing saved/);
  const store = new ModelStore({ builtInDir: join(data, 'none'), userDir: home });
  assert.deepEqual(await store.list(), []);

  assert.equal((await runCli(['train'], { ALVEO_HOME: home })).code, 2);
  assert.equal((await runCli(['train', '--data', data, '--epochs', 'many'], { ALVEO_HOME: home })).code, 2);
  const bad = await runCli(['train', '--data', data, '--size', '100'], { ALVEO_HOME: home });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /inputSize must be a multiple of 32/);
});

// SIGTERM (systemd stop, `timeout`) cancels as Ctrl-C does, told apart by its exit code (143).
test('alveo train --keep-on-cancel: SIGTERM after an epoch keeps the best checkpoint and prints its id, exit 143', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const home = join(data, 'home');
  const run = startCli(['train', '--data', data, '--base', 'scratch', '--epochs', '20', '--size', '64', '--batch', '8', '--out', 'kept run', '--keep-on-cancel'], {
    ALVEO_HOME: home,
    ALVEO_BACKEND: 'wasm',
  });
  while (!/epoch 1\/20 \(all layers\): train loss/.test(run.stderr())) {
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  run.child.kill('SIGTERM');
  const r = await run.done;
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /SIGTERM: cancelling at the end of the current batch, keeping the best checkpoint so far/);
  assert.match(r.stderr, /cancelled: checkpoint saved as 'kept-run'/);
  assert.equal(r.stdout, 'kept-run\n');
  const store = new ModelStore({ builtInDir: join(data, 'none'), userDir: home });
  const models = await store.list();
  assert.deepEqual(models.map((m) => m.id), ['kept-run']);
  assert.equal(models[0].card.training?.checkpointOfCancelledRun, true);
});

test('alveo train --json: the new model as one JSON line (id, threshold, validation metrics, comparison)', { skip }, async () => {
  const data = await kermanySubset(8, 13);
  const r = await runCli(['train', '--data', data, '--base', 'scratch', '--epochs', '1', '--size', '64', '--batch', '8', '--out', 'json run', '--json'], {
    ALVEO_HOME: join(data, 'home'),
    ALVEO_BACKEND: 'wasm',
  });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  const o = JSON.parse(lines[0]) as { modelId: string; cancelled: boolean; threshold: number; validation: { auc: number } | null };
  assert.equal(o.modelId, 'json-run');
  assert.equal(o.cancelled, false);
  assert.ok(o.threshold > 0 && o.threshold < 1);
  assert.ok(o.validation === null || (o.validation.auc >= 0 && o.validation.auc <= 1));
});
