import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { csvTargetProblem, partialCsvName } from '../../src-main/cli/score-csv-target';
import { tempDir } from '../support/temp-dir';

test('partialCsvName: beside the target, named partial, whatever the target is called', () => {
  assert.equal(partialCsvName('/out/scores.csv'), '/out/scores.partial.csv');
  assert.equal(partialCsvName('/out/SCORES.CSV'), '/out/SCORES.partial.csv');
  assert.equal(partialCsvName('results'), 'results.partial.csv');
  assert.equal(partialCsvName('/out/a.csv.bak'), '/out/a.csv.bak.partial.csv');
  // A partial file given as the target gets its own partial name, never itself.
  assert.equal(partialCsvName('/out/x.partial.csv'), '/out/x.partial.partial.csv');
});

// Review 35 F1: a pipe or device is written straight to, a link at its target (atomic-files.ts),
// so the check before scoring looks where the rows will really go.
test('csvTargetProblem: a named pipe is taken; a link is judged by its target', { skip: process.platform === 'win32' && 'no FIFOs' }, async (t) => {
  const dir = await tempDir('alveo-csv-target-');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const fifo = join(dir, 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  assert.equal(await csvTargetProblem(fifo), null);
  await mkdir(join(dir, 'out'));
  await symlink(join(dir, 'out', 'scores.csv'), join(dir, 'link.csv'));
  assert.equal(await csvTargetProblem(join(dir, 'link.csv')), null, 'a link to a file not made yet, in a folder that exists');
  await symlink(join(dir, 'gone', 'scores.csv'), join(dir, 'into-nothing.csv'));
  assert.equal(await csvTargetProblem(join(dir, 'into-nothing.csv')), `--csv ${join(dir, 'into-nothing.csv')}: it is a link into ${join(dir, 'gone')}, which does not exist`);
  await symlink(join(dir, 'out'), join(dir, 'folder-link.csv'));
  assert.match((await csvTargetProblem(join(dir, 'folder-link.csv'))) ?? '', /is a folder/);
});
