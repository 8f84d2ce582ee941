// Class and split folders that are links to folders (a test set built by linking NORMAL/ and
// PNEUMONIA/ in, not copying patient images): the layout is found and the images inside are read.
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectLayout } from '../../../src-main/engine/training/dataset-layout';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { writeImage } from './support/draw-images';
import { tempDir } from '../../support/temp-dir';

test('NORMAL/ and PNEUMONIA/ linked in: class-folders layout, their images imported', async () => {
  const store = await tempDir('alveo-ds-store-');
  await writeImage(join(store, 'normal-src', 'n1.png'), 'png', 32, 1, false);
  await writeImage(join(store, 'normal-src', 'n2.png'), 'png', 32, 2, false);
  await writeImage(join(store, 'pneu-src', 'p1.png'), 'png', 32, 3, true);
  const root = await tempDir('alveo-ds-links-');
  await symlink(join(store, 'normal-src'), join(root, 'NORMAL'));
  await symlink(join(store, 'pneu-src'), join(root, 'PNEUMONIA'));
  await symlink(root, join(root, 'loop')); // a link back to the root must not hang anything
  await symlink(join(store, 'gone'), join(root, 'broken'));

  const found = await detectLayout(root);
  assert.equal(found.layout, 'class-folders');
  assert.deepEqual(
    found.classFolders.map((c) => [c.folder, c.label]),
    [
      [join(root, 'NORMAL'), 'NORMAL'],
      [join(root, 'PNEUMONIA'), 'PNEUMONIA'],
    ],
  );

  const { summary, items } = await importDataset(root);
  assert.deepEqual(summary.images, { NORMAL: 2, PNEUMONIA: 1 });
  assert.deepEqual(
    items.map((it) => it.file.slice(root.length + 1)).sort(),
    ['NORMAL/n1.png', 'NORMAL/n2.png', 'PNEUMONIA/p1.png'],
  );
});

test('Kermany split folder linked in: its class folders are found with the split', async () => {
  const store = await tempDir('alveo-ds-store-');
  await writeImage(join(store, 'val', 'NORMAL', 'a.png'), 'png', 32, 1, false);
  await writeImage(join(store, 'val', 'PNEUMONIA', 'b.png'), 'png', 32, 2, true);
  const root = await tempDir('alveo-ds-links-');
  await mkdir(join(root, 'test'));
  await symlink(join(store, 'val'), join(root, 'val'));
  await symlink(join(store, 'val', 'NORMAL'), join(root, 'test', 'NORMAL'));

  const found = await detectLayout(root);
  assert.equal(found.layout, 'kermany');
  assert.deepEqual(
    found.classFolders.map((c) => [c.folder.slice(root.length + 1), c.label, c.split]),
    [
      ['test/NORMAL', 'NORMAL', 'test'],
      ['val/NORMAL', 'NORMAL', 'val'],
      ['val/PNEUMONIA', 'PNEUMONIA', 'val'],
    ],
  );
});
