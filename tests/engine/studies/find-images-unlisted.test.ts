// What a folder walk cannot look into is listed as skipped with why, never dropped in silence
// (review 10r item 5): a sub-folder Alveo may not read, and a named pipe, which is not opened
// (open() on a FIFO blocks until something writes to it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findStudyFiles, type FolderFiles } from '../../../src-main/engine/studies/find-images';
import { callUnprivileged, noPosixPermissions } from '../../cli/support/unprivileged';
import { writeGrayPng } from '../inference/support/draw-png';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-unlisted-'));
  await chmod(dir, 0o755); // nobody must reach it (mkdtemp makes it 0700)
});
after(() => rm(dir, { recursive: true, force: true }));

test('a named pipe in a folder is skipped as "not a regular file (a named pipe)", at once', { skip: noPosixPermissions }, async () => {
  const folder = join(dir, 'pipes');
  await mkdir(folder);
  await writeGrayPng(join(folder, 'a.png'), 32, 32, [], 90);
  execFileSync('mkfifo', [join(folder, 'pipe.jpeg')]);
  const found = await findStudyFiles(folder, true);
  assert.deepEqual(found.files, [join(folder, 'a.png')]);
  assert.deepEqual(found.skipped, [{ file: join(folder, 'pipe.jpeg'), reason: 'not a regular file (a named pipe)' }]);
});

test('a sub-folder Alveo cannot read is skipped with the reason; the rest is still found', { skip: noPosixPermissions }, async () => {
  const folder = join(dir, 'perm');
  await mkdir(join(folder, 'locked'), { recursive: true });
  await writeGrayPng(join(folder, 'ok.png'), 32, 32, [], 90);
  await writeGrayPng(join(folder, 'locked', 'x.png'), 32, 32, [], 90);
  await writeFile(join(folder, 'notes.txt'), 'a note\n');
  await chmod(join(folder, 'locked'), 0o000);
  try {
    const found = await callUnprivileged<FolderFiles>('src-main/engine/studies/find-images.ts', 'findStudyFiles', [folder, true]);
    assert.deepEqual(found.files, [join(folder, 'ok.png')]);
    assert.deepEqual(found.skipped, [
      { file: join(folder, 'locked'), reason: 'a folder Alveo cannot read (permission denied)' },
      { file: join(folder, 'notes.txt'), reason: 'a text file' },
    ]);
  } finally {
    await chmod(join(folder, 'locked'), 0o755);
  }
});
