import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findImageFiles, findStudyFiles, HIDDEN_FILE_REASON, HIDDEN_FOLDER_REASON } from '../../../src-main/engine/studies/find-images';
import { AlveoError } from '../../../src-main/api/errors';
import { dicomBytes } from '../../fixtures/write-dicom';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-find-'));
  await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
  await mkdir(join(dir, '.hidden'));
  const dcm = dicomBytes({ rows: 2, columns: 2, pixels: [1, 2, 3, 4] });
  await writeFile(join(dir, 'b.DCM'), dcm);
  await writeFile(join(dir, 'a.png'), 'x');
  await writeFile(join(dir, 'IM0001'), dcm); // extensionless DICOM, as on many CDs
  await writeFile(join(dir, 'README'), 'not dicom but long enough to read 132 bytes '.repeat(5));
  await writeFile(join(dir, 'notes.txt'), 'x');
  await writeFile(join(dir, '.secret.jpg'), 'x');
  await writeFile(join(dir, 'sub', 'c.jpeg'), 'x');
  await writeFile(join(dir, 'sub', 'deeper', 'd.dicom'), 'x');
  await writeFile(join(dir, 'sub', 'e.jpg'), 'x');
  await writeFile(join(dir, '.hidden', 'f.png'), 'x');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('top level only: image extensions and DICM-magic files, sorted', async () => {
  const found = await findImageFiles(dir, false);
  assert.deepEqual(found, [join(dir, 'IM0001'), join(dir, 'a.png'), join(dir, 'b.DCM')]);
});

test('recursive: sub-folders too, hidden ones skipped', async () => {
  const found = await findImageFiles(dir, true);
  assert.deepEqual(found, [
    join(dir, 'IM0001'),
    join(dir, 'a.png'),
    join(dir, 'b.DCM'),
    join(dir, 'sub', 'c.jpeg'),
    join(dir, 'sub', 'deeper', 'd.dicom'),
    join(dir, 'sub', 'e.jpg'),
  ]);
});

test('hidden files are not scored but listed as skipped; a hidden folder is named, not looked into, and only with --recursive', async () => {
  const flat = await findStudyFiles(dir, false);
  assert.deepEqual(flat.skipped.filter((s) => s.reason.startsWith('a hidden')), [{ file: join(dir, '.secret.jpg'), reason: HIDDEN_FILE_REASON }]);
  const deep = await findStudyFiles(dir, true);
  assert.deepEqual(
    deep.skipped.filter((s) => s.reason.startsWith('a hidden')),
    [
      { file: join(dir, '.hidden'), reason: HIDDEN_FOLDER_REASON },
      { file: join(dir, '.secret.jpg'), reason: HIDDEN_FILE_REASON },
    ],
  );
  assert.ok(!deep.files.some((f) => f.includes('.hidden')), 'nothing inside the hidden folder');
});

test('a signal stops the listing: aborted, it rejects with the reason instead of sniffing every file', async () => {
  const stop = new AbortController();
  stop.abort(new Error('the run was cancelled'));
  await assert.rejects(findStudyFiles(dir, true, stop.signal), /the run was cancelled/);
  // Aborted once the listing has begun (its first folder read is under way): it stops there.
  const late = new AbortController();
  const listing = findStudyFiles(dir, true, late.signal);
  late.abort(new Error('cancelled midway'));
  await assert.rejects(listing, /cancelled midway/);
  // Not aborted: the same listing as without a signal.
  assert.deepEqual(await findStudyFiles(dir, true, new AbortController().signal), await findStudyFiles(dir, true));
});

test('a missing folder or a file is a clear error', async () => {
  await assert.rejects(findImageFiles(join(dir, 'nope'), true), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND');
  await assert.rejects(findImageFiles(join(dir, 'a.png'), true), (e: unknown) => e instanceof AlveoError && /not a folder/.test(e.message));
});

test('symbolic links to files and folders are followed, link loops and broken links are not', async () => {
  const { symlink } = await import('node:fs/promises');
  const root = await mkdtemp(join(tmpdir(), 'alveo-links-'));
  try {
    const real = join(root, 'real');
    await mkdir(join(real, 'inner'), { recursive: true });
    await writeFile(join(real, 'a.png'), 'x');
    await writeFile(join(real, 'inner', 'b.jpg'), 'x');
    const linked = join(root, 'linked');
    await mkdir(linked);
    await symlink(join(real, 'a.png'), join(linked, 'a-link.png'));
    await symlink(join(real, 'inner'), join(linked, 'inner-link'));
    await symlink(linked, join(linked, 'loop'));
    await symlink(join(root, 'missing.png'), join(linked, 'broken.png'));
    const files = await findImageFiles(linked, true);
    assert.deepEqual(files, [join(linked, 'a-link.png'), join(linked, 'inner-link', 'b.jpg')]);
    // The broken link is accounted for: a batch reports it as skipped, with why.
    assert.deepEqual((await findStudyFiles(linked, true)).skipped, [{ file: join(linked, 'broken.png'), reason: 'a broken link (its target does not exist)' }]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
