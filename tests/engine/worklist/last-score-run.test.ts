// last-run.json records the scored folder as an absolute path: the CLI is given it relative to its
// working directory, and the app that offers to resume it has another one.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { LastScoreRunRecorder, lastScoreRunFile, readLastScoreRun } from '../../../src-main/engine/worklist/last-score-run';
import { tempDir } from '../../support/temp-dir';

test('a folder given relative to the working directory is stored resolved', async () => {
  const home = join(await tempDir('alveo-lastrun-'), 'home');
  const recorder = new LastScoreRunRecorder(home);
  recorder.started('score-1', { folder: 'small', recursive: true }, 'm1');
  await recorder.flushed();
  const stored = JSON.parse(await readFile(lastScoreRunFile(home), 'utf8')) as { folder: string };
  assert.equal(stored.folder, resolve(process.cwd(), 'small'));
  assert.equal((await readLastScoreRun(home))?.folder, join(process.cwd(), 'small'));
});
