// An Alveo user folder inside a scanned folder is passed over with one line saying why (an admin's
// ALVEO_HOME=/data/alveo and a nightly `alveo score /data --recursive`: the model shards came out
// as failed images and the run exited 1). The engine marks its user folder when it starts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../../src-main/engine/index';
import { sourceTreeDeps } from '../../../src-main/engine/engine-deps';
import { findStudyFiles } from '../../../src-main/engine/studies/find-images';
import { walkFiles } from '../../../src-main/engine/training/walk-files';
import { USER_FOLDER_MARKER, USER_FOLDER_SKIP_REASON } from '../../../src-main/engine/user-folder/user-folder-marker';
import { writeGrayPng } from '../inference/support/draw-png';
import { tempDir } from '../../support/temp-dir';

async function siteWithUserFolder(): Promise<{ root: string; home: string }> {
  const root = await tempDir('alveo-userfolder-');
  const home = join(root, 'alveo');
  await mkdir(join(root, 'export'));
  await writeGrayPng(join(root, 'export', 'a.png'), 32, 32, [], 90);
  createEngine(sourceTreeDeps({ userDir: home }));
  // What a user folder holds: model shards (binary, unreadable as images) and cached images.
  await mkdir(join(home, 'models', 'site-1'), { recursive: true });
  await writeFile(join(home, 'models', 'site-1', 'group1-shard1of1.bin'), Buffer.alloc(4096, 7));
  await mkdir(join(home, 'pacs-cache', 'study-1'), { recursive: true });
  await writeGrayPng(join(home, 'pacs-cache', 'study-1', 'image-1.png'), 32, 32, [], 60);
  return { root, home };
}

test('the engine marks its user folder, and a recursive scan around it passes over it with why', async () => {
  const { root, home } = await siteWithUserFolder();
  assert.ok(existsSync(join(home, USER_FOLDER_MARKER)), 'createEngine writes the marker');
  const found = await findStudyFiles(root, true);
  assert.deepEqual(found.files, [join(root, 'export', 'a.png')]);
  assert.deepEqual(found.skipped, [{ file: home, reason: USER_FOLDER_SKIP_REASON }]);
});

test('a folder inside the user folder, given to a scan, is scanned (the PACS cache is scored from there)', async () => {
  const { home } = await siteWithUserFolder();
  const found = await findStudyFiles(join(home, 'pacs-cache'), true);
  assert.deepEqual(found.files, [join(home, 'pacs-cache', 'study-1', 'image-1.png')]);
  const whole = await findStudyFiles(home, true); // the user folder itself, asked for by name
  assert.ok(whole.files.includes(join(home, 'pacs-cache', 'study-1', 'image-1.png')));
  assert.ok(!whole.skipped.some((s) => s.reason === USER_FOLDER_SKIP_REASON));
});

test('training data walks pass over a user folder inside the data folder too', async () => {
  const { root, home } = await siteWithUserFolder();
  const walked = await walkFiles(root);
  assert.deepEqual(walked.files, [join(root, 'export', 'a.png')]);
  assert.deepEqual(walked.skipped, [{ file: home, reason: USER_FOLDER_SKIP_REASON }]);
});
