// The in-sample warning for calibrated and adapted models: the site folder recorded in the card
// counts like a training folder, compared by real path (a symlink is the same folder), and a
// folder inside or around it warns for the images they share.
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { evaluationItems } from '../../../src-main/engine/training/evaluate';
import { siteCard } from '../../../src-main/engine/training/site-card';
import { trainingOverlapWarnings } from '../../../src-main/engine/training/training-overlap';
import { fittedImages } from '../../../src-main/engine/model/fitted-images';
import { writeImage } from './support/draw-images';
import { siteCalibration } from './support/site-calibration';
import { tempDir } from '../../support/temp-dir';

async function kermanyRoot(root: string): Promise<string> {
  const k = join(root, 'k');
  for (const split of ['train', 'test']) {
    for (let i = 0; i < 2; i++) {
      await writeImage(join(k, split, 'NORMAL', `IM-0${i}0${split.length}-0001.png`), 'png', 40, i + 10 * split.length, false);
      await writeImage(join(k, split, 'PNEUMONIA', `person${i}${split.length}_virus_1.png`), 'png', 40, i + 20 + 10 * split.length, true);
    }
  }
  return k;
}

async function warningsFor(card: ReturnType<typeof defaultCard>, data: string): Promise<string[]> {
  const ds = await importDataset(data);
  return trainingOverlapWarnings(card, ds, evaluationItems(ds, undefined).items);
}

test('a calibrated or adapted model evaluated on its site folder (or a link to it) is warned in-sample', async () => {
  const root = await tempDir('alveo-overlap-');
  const k = await kermanyRoot(root);
  const site = join(k, 'test');
  const link = join(root, 'site-link');
  await symlink(site, link);
  const calibrated = defaultCard({ id: 'cal', inputSize: 64, trained: true, calibration: siteCalibration(site, 'calibrate') });
  const adapted = defaultCard({ id: 'ad', inputSize: 64, trained: true, calibration: siteCalibration(link, 'adapt') });

  const same = await warningsFor(calibrated, site);
  assert.equal(same.length, 1, JSON.stringify(same));
  assert.match(same[0], /^this folder is the one the model was calibrated on \(.*\): of these 4 images, 4 are in it: its site images \(its temperature and threshold were fitted on them\); the figures are in-sample and optimistic$/);
  // Through a symlink, both ways round.
  assert.match((await warningsFor(calibrated, link))[0] ?? '', /is the one the model was calibrated on/);
  assert.match((await warningsFor(adapted, site))[0] ?? '', /is the one the model was adapted to .*its layer weights, temperature and threshold were fitted on them/);
  // The Kermany root around the site folder: its test split is the site's images.
  assert.match((await warningsFor(calibrated, k))[0] ?? '', /^this folder contains the folder the model was calibrated on .*: of these 4 images, 4 are in it/);
  // A site folder that was the whole root, evaluated on one part of it.
  const whole = defaultCard({ id: 'w', inputSize: 64, trained: true, calibration: siteCalibration(k, 'calibrate') });
  assert.match((await warningsFor(whole, site))[0] ?? '', /^this folder is inside the folder the model was calibrated on/);
  // Another folder: nothing; a site folder that no longer exists still compares by its path.
  assert.deepEqual(await warningsFor(calibrated, join(k, 'train')), []);
  const gone = defaultCard({ id: 'g', inputSize: 64, trained: true, calibration: siteCalibration(join(root, 'gone'), 'calibrate') });
  assert.deepEqual(await warningsFor(gone, site), []);
});

test("a model derived from one fitted on a folder is in-sample there too (a calibrated child of a site-calibrated or trained parent)", async () => {
  const root = await tempDir('alveo-overlap-lineage-');
  const k = await kermanyRoot(root);
  const first = join(k, 'test');
  const second = join(k, 'train');
  const parent = defaultCard({ id: 'p', inputSize: 64, trained: true, calibration: siteCalibration(first, 'adapt') });
  // The child, calibrated on a second site, keeps its parent's site folder as an ancestor's.
  const child = siteCard({
    parent: { id: 'p', dir: '/models/p', builtIn: false, active: false, card: { ...parent, evaluations: [] } },
    id: 'c',
    name: 'child',
    calibration: siteCalibration(second, 'calibrate'),
    thresholdRule: 'rule',
    created: new Date(0),
  });
  assert.deepEqual(child.ancestorFolders, [first]);
  assert.equal(child.evaluations, undefined, "the parent's kept evaluations measured the parent, not the child");
  const onFirst = await warningsFor(child, first);
  assert.equal(onFirst.length, 1, JSON.stringify(onFirst));
  assert.match(onFirst[0], /^this folder is the one the model was derived from a model fitted on \(.*\): of these 4 images, 4 are in it: images an ancestor of this model/);
  assert.match((await warningsFor(child, second))[0] ?? '', /is the one the model was calibrated on/);
  // Without the lineage (a card from before it was recorded) the first site would pass for independent.
  assert.deepEqual(await warningsFor({ ...child, ancestorFolders: undefined }, first), []);
  // The child has its own fitted-images record (its site only), the parent none: the parent's folder still warns.
  const ds = await importDataset(first);
  const own = fittedImages([{ kind: 'site', sha256: (await importDataset(second)).items.map((it) => it.sha256) }], null);
  const withRecord = trainingOverlapWarnings(child, ds, evaluationItems(ds, undefined).items, own);
  assert.ok(withRecord.some((w) => /derived from a model fitted on/.test(w)), JSON.stringify(withRecord));
});

test('with the fitted-images record, images added to the training folder later are not counted as training images; an ancestor\'s are named as such', async () => {
  const root = await tempDir('alveo-overlap-record-');
  const data = join(root, 'data');
  for (let i = 0; i < 4; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 40, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 40, 50 + i, true);
  }
  const before = await importDataset(data);
  const trained = before.items.slice(0, 5).map((it) => it.sha256);
  const validated = before.items.slice(5, 7).map((it) => it.sha256);
  const parent = fittedImages([{ kind: 'site', sha256: [before.items[7].sha256] }], null);
  const record = fittedImages([{ kind: 'training', sha256: trained }, { kind: 'validation', sha256: validated }], parent);
  // Two images added after training: they are not its training images.
  await writeImage(join(data, 'NORMAL', 'added.png'), 'png', 40, 90, false);
  await writeImage(join(data, 'PNEUMONIA', 'added.png'), 'png', 40, 91, true);
  const ds = await importDataset(data);
  const card = defaultCard({ id: 'trained', inputSize: 64, trained: true });
  const w = trainingOverlapWarnings(card, ds, evaluationItems(ds, undefined).items, record);
  assert.deepEqual(w, [
    'this model was fitted on some of these images: of these 10 images, 5 were images it was trained on; 2 were of its validation images (they chose its epoch and threshold); 1 was an image a model it grew from (its parent, or further back) was trained, calibrated or adapted on (recognised by content, wherever they are kept); the figures are in-sample and optimistic',
  ]);
});
