// Names a folder walk cannot open, said as they are (review 18, L1 and M3): a link loop is not a
// broken link, and a name that is not valid UTF-8 (Latin-1 from old shares and CDs) is not "no such file".
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { findStudyFiles, HIDDEN_FILE_REASON } from '../../../src-main/engine/studies/find-images';
import { tempDir } from '../../support/temp-dir';
import { writeGrayPng } from '../inference/support/draw-png';

test('symbolic link loops are skipped as loops, a broken link as broken', async () => {
  const folder = await tempDir('alveo-linkloop-');
  await writeGrayPng(join(folder, 'a.png'), 32, 32, [], 90);
  await symlink('selfloop.dcm', join(folder, 'selfloop.dcm'));
  await symlink('loopb.dcm', join(folder, 'loopa.dcm'));
  await symlink('loopa.dcm', join(folder, 'loopb.dcm'));
  await symlink('missing.png', join(folder, 'broken.png'));
  const found = await findStudyFiles(folder, true);
  assert.deepEqual(found.files, [join(folder, 'a.png')]);
  const loop = 'a link that points back to itself (a loop)';
  assert.deepEqual(found.skipped, [
    { file: join(folder, 'broken.png'), reason: 'a broken link (its target does not exist)' },
    { file: join(folder, 'loopa.dcm'), reason: loop },
    { file: join(folder, 'loopb.dcm'), reason: loop },
    { file: join(folder, 'selfloop.dcm'), reason: loop },
  ]);
});

/** `folder`/`name` as a path of bytes, the name given byte by byte (Latin-1 and others). */
function bytePath(folder: string, ...name: (string | number[])[]): Buffer {
  return Buffer.concat([Buffer.from(`${folder}/`), ...name.map((p) => Buffer.from(p))]);
}

test('file and folder names that are not valid UTF-8 are skipped with why; valid UTF-8 names are found', async (t) => {
  const folder = await tempDir('alveo-latin1-');
  const png = join(folder, 'röntgen-utf8.png');
  await writeGrayPng(png, 32, 32, [], 90);
  const bytes = await readFile(png);
  try {
    await writeFile(bytePath(folder, 'bad-', [0xff, 0xfe], '.png'), bytes);
  } catch (err) {
    t.skip(`this file system refuses names that are not UTF-8 (${(err as NodeJS.ErrnoException).code})`);
    return;
  }
  await writeFile(bytePath(folder, 'latin1-r', [0xf6], 'ntgen.png'), bytes); // "röntgen" in Latin-1
  await mkdir(bytePath(folder, 'sub-', [0xe9]));
  await writeFile(bytePath(folder, 'sub-', [0xe9], '/inner.png'), bytes);
  await writeFile(bytePath(folder, '.hidden-', [0xff]), bytes); // hidden: not scored, listed as any hidden file
  const found = await findStudyFiles(folder, true);
  assert.deepEqual(found.files, [png]);
  const file = 'the file name is not valid UTF-8: Alveo cannot open it by name; rename it';
  const sub = 'the folder name is not valid UTF-8: Alveo cannot open it by name; rename it';
  assert.deepEqual(found.skipped, [
    { file: join(folder, '.hidden-\ufffd'), reason: HIDDEN_FILE_REASON },
    { file: join(folder, 'bad-\ufffd\ufffd.png'), reason: file },
    { file: join(folder, 'latin1-r\ufffdntgen.png'), reason: file },
    { file: join(folder, 'sub-\ufffd'), reason: sub },
  ]);
});
