// A mistyped option or command (review 25 LOW 3): one plain line naming it, with the nearest
// name when it is a slip, instead of node's parseArgs text (an unbalanced quote) or the whole
// command list; exit 2 as before.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { editDistance, nearestName } from '../../src-main/cli/nearest-name';
import { runCli } from './support/run-cli';

let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-cli-dym-'));
  env = { ALVEO_HOME: join(dir, 'home') };
});
after(() => rm(dir, { recursive: true, force: true }));

test('nearestName: a slip (missing, extra, wrong or swapped letter) or a unique cut; otherwise none', () => {
  assert.equal(editDistance('predcit', 'predict'), 1);
  assert.equal(nearestName('jsn', ['json', 'model', 'help']), 'json');
  assert.equal(nearestName('predcit', ['predict', 'score', 'study']), 'predict');
  assert.equal(nearestName('Scroe', ['predict', 'score', 'study']), 'score');
  assert.equal(nearestName('recur', ['recursive', 'csv']), 'recursive');
  assert.equal(nearestName('frobnicate', ['predict', 'score', 'study']), null);
  assert.equal(nearestName('x', ['json', 'csv']), null);
  assert.equal(nearestName('cv', ['csv', 'cc']), null, 'a tie is not guessed');
});

test('an unknown option: "alveo predict: unknown option \'--jsn\' (did you mean --json?)", exit 2', async () => {
  const r = await runCli(['predict', 'x.dcm', '--jsn'], env);
  assert.equal(r.code, 2, r.stderr);
  const first = r.stderr.split('\n')[0];
  assert.equal(first, "alveo predict: unknown option '--jsn' (did you mean --json?)");
  assert.match(r.stderr, /\nusage: alveo predict /);

  const far = await runCli(['predict', 'x.dcm', '--frobnicate'], env);
  assert.equal(far.code, 2);
  assert.equal(far.stderr.split('\n')[0], "alveo predict: unknown option '--frobnicate' (a file name that starts with '-' goes after '--')");
  // every quote it prints is closed
  for (const r2 of [r, far]) assert.equal((r2.stderr.split('\n')[0].match(/'/g) ?? []).length % 2, 0, r2.stderr);
});

test('an unknown command: "alveo: unknown command \'predcit\' (did you mean predict?)", exit 2', async () => {
  const r = await runCli(['predcit', 'x.dcm'], env);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n')[0], "alveo: unknown command 'predcit' (did you mean predict?)");
  assert.doesNotMatch(r.stderr, /Usage: alveo <command>/, 'one slip: no whole command list');

  const far = await runCli(['frobnicate'], env);
  assert.equal(far.code, 2);
  assert.equal(far.stderr.split('\n')[0], "alveo: unknown command 'frobnicate'");
  assert.match(far.stderr, /Usage: alveo <command>/, 'no near name: the list to choose from');
});
