// The in-sample warning recognises the images a model was fitted on by content, wherever they are:
// a renamed copy of its site folder, a folder of links into it, the model exported and imported
// (its card no longer names the folder), and it counts exactly those, not images added later. The
// shipped model knows Kermany's originals of its training and validation images by name.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CalibrationResult } from '../../../src-main/api/adaptation';
import type { EngineEvent } from '../../../src-main/api/events';
import type { EvaluationReport } from '../../../src-main/api/evaluation';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { skipUnless } from '../studies/shared-data';
import { tempDir } from '../../support/temp-dir';
import { writeImage } from './support/draw-images';
import { KERMANY_TRAIN, kermanySubset } from './support/kermany-subset';

const KERMANY_ORIG = join(KERMANY_TRAIN, '..', '..', 'kermany-orig');
const skip = skipUnless(KERMANY_TRAIN);
let dir: string;
let engine: Engine;
before(async () => {
  if (skip) return;
  dir = await tempDir('alveo-fitted-images-');
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});
after(async () => {
  await engine?.dispose();
});

async function finished<T>(jobId: string): Promise<T> {
  let end: EngineEvent | undefined;
  const off = engine.subscribe((e) => {
    if (e.jobId === jobId && e.type === 'job:end') end = e;
  });
  await engine.waitForJob(jobId);
  off();
  assert.ok(end?.type === 'job:end' && end.outcome === 'done', end?.type === 'job:end' ? (end.error ?? end.outcome) : 'no end');
  return (end as unknown as { result: T }).result;
}

const evaluate = async (data: string, model: string) => finished<EvaluationReport>((await engine.startEvaluation({ data, model })).jobId);
const overlap = (r: EvaluationReport) => (r.warnings ?? []).filter((w) => w.startsWith('this model was fitted on some of these images'));

test('a calibrated model: renamed copies, links and the exported model are all recognised, and only its own images are counted', { skip }, async () => {
  const site = await kermanySubset(22, 11);
  const { modelId, calibration } = await finished<CalibrationResult>((await engine.startCalibration({ data: site, sensitivity: 0.9, name: 'Fit site' })).jobId);
  // These are the shipped parent's own Kermany images: the calibration says its "before" figures are in-sample.
  const parentNote = calibration.notes.filter((n) => n.startsWith("In-sample for the parent 'default': this model was fitted on some of these images: of these 44 images, "));
  assert.equal(parentNote.length, 1, JSON.stringify(calibration.notes));
  assert.match(parentNote[0], /Its "before" figures here do not measure it on a new site, and the calibration tunes it to images it has already seen/);
  // A renamed copy (names no longer Kermany's) and a folder of renamed links, each with 3 new images per class.
  const copy = join(dir, 'copy');
  const links = join(dir, 'links');
  for (const cls of ['NORMAL', 'PNEUMONIA']) {
    const files = (await readdir(join(site, cls))).sort();
    for (const [i, f] of files.entries()) {
      await mkdir(join(copy, cls), { recursive: true });
      await mkdir(join(links, cls), { recursive: true });
      await copyFile(join(site, cls, f), join(copy, cls, `renamed-${i}.jpeg`));
      await symlink(join(site, cls, f), join(links, cls, `link-${i}.jpeg`));
    }
    for (let i = 0; i < 3; i++) {
      for (const folder of [copy, links]) await writeImage(join(folder, cls, `new-${i}.jpeg`), 'jpeg', 96, 100 * i + (cls === 'NORMAL' ? 1 : 2), cls === 'PNEUMONIA');
    }
  }
  // Kermany images: the parent's too (it trained or was validated on them), so counted as an ancestor's as well.
  const expected = /^this model was fitted on some of these images: of these 50 images, 44 were of its site images \(its temperature and threshold were fitted on them\); 44 were images a model it grew from \(its parent, or further back\) was trained, calibrated or adapted on \(recognised by content, wherever they are kept\)/;
  for (const folder of [copy, links]) {
    const w = overlap(await evaluate(folder, modelId));
    assert.equal(w.length, 1, JSON.stringify(w));
    assert.match(w[0], expected);
  }
  // Exported (the card then names no folder) and imported under another id: still recognised.
  const exported = await engine.exportModel(modelId, join(dir, 'exports'));
  const imported = await engine.importModel(exported).catch(async () => {
    // The same weights and card are refused as already installed: remove the original first.
    await engine.deleteModel(modelId);
    return engine.importModel(exported);
  });
  assert.match(overlap(await evaluate(copy, imported.id))[0] ?? '', expected);
  // Images it was never fitted on: no warning.
  const fresh = join(dir, 'fresh');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(fresh, 'NORMAL', `n${i}.jpeg`), 'jpeg', 96, 500 + i, false);
    await writeImage(join(fresh, 'PNEUMONIA', `p${i}.jpeg`), 'jpeg', 96, 600 + i, true);
  }
  assert.deepEqual(overlap(await evaluate(fresh, imported.id)), []);
});

test("the shipped model says which of Kermany's images it was trained or validated on, by name; Kermany's official val split is not among them", { skip: skip || skipUnless(KERMANY_ORIG) }, async () => {
  const some = join(dir, 'kermany-orig-some');
  for (const cls of ['NORMAL', 'PNEUMONIA']) {
    await mkdir(join(some, cls), { recursive: true });
    for (const f of (await readdir(join(KERMANY_ORIG, 'train', cls))).sort().slice(0, 4)) await symlink(join(KERMANY_ORIG, 'train', cls, f), join(some, cls, f));
  }
  const w = overlap(await evaluate(some, 'default'));
  assert.equal(w.length, 1, JSON.stringify(w));
  // The originals' bytes differ from the resized copies it trained on: recognised by name, and said so.
  assert.match(w[0], /\(recognised by file name, wherever they are kept; a renamed copy would not be\)/);
  const counts = [...w[0].matchAll(/(\d+) (?:were|was) (?:images? it was trained on|(?:one )?of its validation images)/g)].map((m) => Number(m[1]));
  assert.equal(counts.reduce((a, b) => a + b, 0), 8, `every one is an image of its Kermany training split: ${w[0]}`);
  assert.deepEqual(overlap(await evaluate(join(KERMANY_ORIG, 'val'), 'default')), [], "the official val split is not its training data");
});
