// alveo train as a user runs it: progress on stderr, the new model id last on stdout; Ctrl-C
// (SIGINT) cancels and stores nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { skipUnless } from '../../engine/studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from '../../engine/training/support/kermany-subset';
import { runCli, startCli } from '../support/run-cli';

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
