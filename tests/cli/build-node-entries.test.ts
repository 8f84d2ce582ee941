// The CLI build names each worker entry after its file, whatever the separator: on Windows the
// walked paths hold '\' and the whole path became the entry's name (review 29 F1: alveo train could
// not find training.worker there). The built folder holds the workers at its top.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script without types
import { OUT, ROOT, workerEntryName } from '../../bin/build-node.mjs';

test('worker entry names come from the file name on POSIX and Windows paths', () => {
  assert.equal(workerEntryName('/home/rad/alveo/src-main/engine/jobs/training.worker.ts'), 'training.worker');
  assert.equal(workerEntryName('C:\\Users\\rad\\alveo\\src-main\\engine\\jobs\\score.worker.ts'), 'score.worker');
});

test('the current build has its workers beside alveo.js', () => {
  // bin/alveo.mjs builds when the build is missing or older than the source: then it is current.
  const built = spawnSync(process.execPath, [join(ROOT as string, 'bin/alveo.mjs'), '--version'], { cwd: ROOT as string, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const current = join(OUT as string, 'current.json');
  assert.ok(existsSync(current), 'a build names itself in current.json');
  const { id } = JSON.parse(readFileSync(current, 'utf8')) as { id: string };
  for (const w of ['training.worker.js', 'score.worker.js']) assert.ok(existsSync(join(OUT as string, id, w)), `${w} in ${id}`);
});
