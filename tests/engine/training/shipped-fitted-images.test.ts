// The shipped model's in-sample warning, read from its own models/default/fitted-images.json:
// copies of the exact images it trained and was validated on are recognised by content under any
// name (a folder of renamed files passed for an independent test set before), Kermany's originals
// by name, and the two validation sets say what each chose (the shifted one the checkpoint and
// threshold, the in-cohort one neither). The copies are made in a temp folder, never in the repo.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readFittedImages, type FittedImages } from '../../../src-main/engine/model/fitted-images';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { evaluationItems } from '../../../src-main/engine/training/evaluate';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { trainingOverlapWarnings } from '../../../src-main/engine/training/training-overlap';
import { KERMANY_ORIG, REPO_ROOT, skipUnless } from '../studies/shared-data';
import { tempDir } from '../../support/temp-dir';
import { KERMANY_TRAIN } from './support/kermany-subset';

const skip = skipUnless(KERMANY_TRAIN);

// Kermany file names: a training image, a shifted-validation image (the lowest-numbered IM
// patients) and an in-cohort validation image, of the card's split (training/pytorch/splits.py).
const TRAINING = ['NORMAL/IM-0308-0001.jpeg', 'PNEUMONIA/person1000_bacteria_2931.jpeg'];
const SHIFTED = ['NORMAL/IM-0115-0001.jpeg'];
const IN_COHORT = ['NORMAL/IM-0319-0001.jpeg', 'PNEUMONIA/person1017_bacteria_2948.jpeg'];

async function shipped(): Promise<{ card: Awaited<ReturnType<ModelStore['get']>>['card']; record: FittedImages }> {
  const entry = await new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: await tempDir('alveo-shipped-home-') }).get('default');
  const record = await readFittedImages(entry.dir);
  assert.ok(record, 'the shipped model has its fitted-images record');
  return { card: entry.card, record };
}

/** Copies of `files` (relative to `from`) in a new class-folder tree, each renamed `case-N`. */
async function renamedCopies(from: string, files: string[]): Promise<string> {
  const root = await tempDir('alveo-renamed-');
  for (const [i, f] of files.entries()) {
    const cls = f.split('/')[0];
    await mkdir(join(root, cls), { recursive: true });
    await copyFile(join(from, f), join(root, cls, `case-${i}.jpeg`));
  }
  return root;
}

async function warnings(folder: string): Promise<string[]> {
  const { card, record } = await shipped();
  const ds = await importDataset(folder);
  return trainingOverlapWarnings(card, ds, evaluationItems(ds, undefined).items, record);
}

test('renamed copies of the images the shipped model trained and was validated on are recognised by content, each validation set saying what it chose', { skip }, async () => {
  const w = await warnings(await renamedCopies(KERMANY_TRAIN, [...TRAINING, ...SHIFTED, ...IN_COHORT]));
  assert.deepEqual(w, [
    'this model was fitted on some of these images: of these 5 images, 2 were images it was trained on; ' +
      "1 was one of its validation images (its shifted validation: they chose its checkpoint and threshold and, with the in-cohort validation, between its variants, and helped set its unlike-training check's cut-off); " +
      "2 were of its validation images (its in-cohort validation: with the shifted validation they chose between its variants and helped set its unlike-training check's cut-off; they did not choose its checkpoint or threshold) " +
      '(recognised by content, wherever they are kept); the figures are in-sample and optimistic',
  ]);
});

test("Kermany's originals (other bytes) are recognised by their names only, and the warning says so", { skip: skip || skipUnless(KERMANY_ORIG) }, async () => {
  const folder = await tempDir('alveo-orig-named-');
  // kermany-orig/train holds a subset of the same images, resized differently: the first NORMAL ones.
  const names = (await readdir(join(KERMANY_ORIG, 'train', 'NORMAL'))).sort().slice(0, 3);
  await mkdir(join(folder, 'NORMAL'), { recursive: true });
  for (const n of names) await copyFile(join(KERMANY_ORIG, 'train', 'NORMAL', n), join(folder, 'NORMAL', n));
  const [w] = await warnings(folder);
  assert.match(w ?? '', /^this model was fitted on some of these images: of these 3 images, .* \(recognised by file name, wherever they are kept; a renamed copy would not be\); the figures are in-sample and optimistic$/);
  // Renamed, the originals are not recognised: the warning never claimed they would be.
  assert.deepEqual(await warnings(await renamedCopies(join(KERMANY_ORIG, 'train'), names.map((n) => `NORMAL/${n}`))), []);
});

test('the record stays small: one 16-hex-digit key and one name per image', { skip }, async () => {
  const { record } = await shipped();
  const images = record.sets.reduce((n, s) => n + s.names!.length, 0);
  assert.equal(images, 5216, "Kermany's whole training split");
  const keys = record.sets.reduce((n, s) => n + s.content.length, 0);
  assert.ok(keys > 5100 && keys <= images, `${keys} content keys (byte-identical duplicates once)`);
  const bytes = (await stat(join(REPO_ROOT, 'models', 'default', 'fitted-images.json'))).size;
  assert.ok(bytes < 300_000, `${bytes} bytes`);
});
