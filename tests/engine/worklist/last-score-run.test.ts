// last-run.json records the scored folder as an absolute path: the CLI is given it relative to its
// working directory, and the app that offers to resume it has another one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
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

test('an unended run whose process still lives on this machine reads as going elsewhere, not cut short; a dead one, another host or this process do not', async () => {
  const home = join(await tempDir('alveo-lastrun-owner-'), 'home');
  const recorder = new LastScoreRunRecorder(home);
  recorder.started('score-1', { folder: '/data/day' }, 'm1');
  await recorder.flushed();
  const file = lastScoreRunFile(home);
  const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual([stored.pid, stored.host], [process.pid, hostname()], 'the record names its writer');
  assert.equal((await readLastScoreRun(home))?.elsewhere, undefined, "this process's own run (runningScores lists it)");
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const as = async (owner: Record<string, unknown>) => {
      await writeFile(file, JSON.stringify({ ...stored, ...owner }));
      return readLastScoreRun(home);
    };
    const alive = await as({ pid: other.pid, host: hostname() });
    assert.deepEqual([alive?.outcome, alive?.elsewhere], ['interrupted', true]);
    assert.equal((await as({ pid: other.pid, host: 'another-machine' }))?.elsewhere, undefined, 'another machine cannot be asked');
    assert.equal((await as({ pid: 4194399, host: hostname() }))?.elsewhere, undefined, 'a process that is gone: cut short');
    assert.equal((await as({ pid: other.pid, host: hostname(), outcome: 'done' }))?.elsewhere, undefined, 'an ended run is just ended');
  } finally {
    other.kill();
  }
});
