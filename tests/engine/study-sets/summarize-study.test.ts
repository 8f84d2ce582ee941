// The study summary: every image predicted; the highest probability among frontal images the model
// can judge, and which image; laterals and out-of-use images not counted, and the sentence says so.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { StudySummaryImage } from '../../../src-main/api/contract';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { createSummaryCache, summarizeStudy } from '../../../src-main/engine/study-sets/summarize-study';
import { summarizeImages } from '../../../src-main/engine/study-sets/study-summary';
import { dispatch } from '../../../src-main/hosts/dispatch';
import { smallResNet, saveSmallModel } from '../inference/support/small-resnet';
import { writeStudyImage } from './study-set-files';
import { tfjsArgs } from '../inference/support/tfjs-runtime';

const S = '1.2.826.0.1.3680043.9.9';
let dir: string;
let files: { pa: string; lat: string; adult: string; ap: string; broken: string };
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-summary-'));
  const ids = (instance: number, view: string, age = '003Y') => ({ study: S, series: `${S}.${view}`, instance, view, age });
  files = {
    pa: await writeStudyImage(join(dir, 'pa.dcm'), ids(1, 'PA')),
    lat: await writeStudyImage(join(dir, 'lat.dcm'), ids(2, 'LL')),
    adult: await writeStudyImage(join(dir, 'adult.dcm'), ids(3, 'PA', '040Y')),
    ap: await writeStudyImage(join(dir, 'ap.dcm'), ids(4, 'AP'), { rows: 160, columns: 160 }),
    broken: join(dir, 'broken.dcm'),
  };
  await writeFile(files.broken, 'not a DICOM');
});
after(() => rm(dir, { recursive: true, force: true }));

const image = (file: string, probability: number | null, excludedBecause: string | null, viewPosition = 'PA'): StudySummaryImage => ({
  file,
  viewPosition,
  probability,
  label: probability === null ? null : probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL',
  warnings: [],
  counted: excludedBecause === null,
  excludedBecause,
  error: null,
});

test('summarizeImages: the highest counted probability, never a lateral one, with a sentence that says what was left out', () => {
  const s = summarizeImages('m', 0.5, [image('/a', 0.3, null), image('/b', 0.9, 'lateral view', 'LL'), image('/c', 0.6, null, 'AP'), image('/d', 0.95, 'outside what the model can judge')]);
  assert.deepEqual(s.highest, { file: '/c', probability: 0.6, label: 'PNEUMONIA', viewPosition: 'AP' });
  assert.equal(s.text, 'Highest model score among frontal images: 60.0% (image 3 of 4, AP); 1 lateral view not counted; 1 image held back (see its warning).');
  const none = summarizeImages('m', 0.5, [image('/b', 0.9, 'lateral view', 'LL'), image('/e', null, 'could not be read', '')]);
  assert.equal(none.highest, null);
  assert.equal(none.text, 'No image in this study the model can judge; 1 lateral view not counted; 1 image could not be read.');
  // A frontal adult's film, held back for age: not "no frontal image" (review 25 LOW 8).
  const adult = summarizeImages('m', 0.5, [image('/f', 0.9, 'outside what the model can judge', 'PA')]);
  assert.equal(adult.text, 'No image in this study the model can judge; 1 image held back (see its warning).');
  const two = summarizeImages('m', 0.5, [image('/f', 0.9, 'outside what the model can judge'), image('/g', 0.2, 'outside what the model can judge')]);
  assert.equal(two.text, 'No image in this study the model can judge; 2 images held back (see their warnings).');
});

test('summarizeStudy on written DICOMs: each image predicted, lateral, adult and unreadable files left out', async () => {
  const tf = await getTf('wasm');
  const base = smallResNet(tf, { inputSize: 64, id: 'sum-a' });
  const loaded = { ...base, card: { ...base.card, population: { ageYears: [1, 5] as [number, number], views: ['PA', 'AP'], description: 'children 1-5' } } };
  const order = [files.pa, files.lat, files.adult, files.ap, files.broken];
  const cache = createSummaryCache();
  const s = await summarizeStudy(...tfjsArgs(tf, loaded), order, cache);
  assert.deepEqual(
    s.images.map((i) => [i.viewPosition, i.counted, i.excludedBecause]),
    [
      ['PA', true, null],
      ['LL', false, 'lateral view'],
      ['PA', false, 'outside what the model can judge'],
      ['AP', true, null],
      ['', false, 'could not be read'],
    ],
  );
  // Each image's probability is its own prediction.
  for (const i of s.images.slice(0, 4)) {
    const p = await predictStudy(...tfjsArgs(tf, loaded), await loadStudy(i.file));
    assert.equal(i.probability, p.probability, i.file);
    assert.deepEqual(i.warnings, p.warnings, i.file);
  }
  assert.ok(s.images[1].warnings.some((w) => /lateral/.test(w)));
  assert.ok(s.images[2].warnings.some((w) => /40 years old/.test(w)));
  const counted = s.images.filter((i) => i.counted);
  const best = counted.reduce((a, b) => ((b.probability ?? 0) > (a.probability ?? 0) ? b : a));
  assert.equal(s.highest?.file, best.file);
  assert.match(s.text, /^Highest model score among frontal images: \d+\.\d% \(image [14] of 5, (PA|AP)\); 1 lateral view not counted; 1 image held back \(see its warning\); 1 image could not be read\.$/);
  // A model card for adults turns the adult image into a counted one.
  const adults = { ...loaded, card: { ...loaded.card, population: { ageYears: [18, 99] as [number, number], description: 'adults' } } };
  const a = await summarizeStudy(...tfjsArgs(tf, adults), [files.adult], createSummaryCache());
  assert.deepEqual([a.images[0].counted, a.highest?.file], [true, files.adult]);
  base.model.dispose();
});

test('through the engine and the host dispatch: openStudySet and summarizeStudy, arguments validated', async () => {
  // The user folder lies outside the study folder: its model's weight shards are unrecognised
  // binaries, which a folder scan rightly lists as files that could not be read.
  const home = await mkdtemp(join(tmpdir(), 'alveo-summary-home-'));
  const tf = await getTf('wasm');
  const deps = sourceTreeDeps({ userDir: home, builtInModelsDir: join(dir, 'no-models'), backend: 'wasm' });
  await saveSmallModel(tf, { builtInDir: deps.builtInModelsDir, userDir: home, id: 'sum-e' });
  const engine: Engine = createEngine(deps);
  try {
    const set = await dispatch(engine, 'openStudySet', [[dir]]);
    assert.ok(set.ok);
    const value = set.ok ? (set.value as Awaited<ReturnType<Engine['openStudySet']>>) : null;
    assert.equal(value?.studies.length, 1);
    assert.deepEqual(value?.errors.map((e) => e.file), [files.broken]);
    const files4 = value?.studies[0].series.flatMap((x) => x.images.map((i) => i.file)) ?? [];
    const summary = await engine.summarizeStudy(files4);
    assert.equal(summary.images.length, 4);
    assert.equal(summary.model, 'sum-e');
    for (const bad of [[], [[]], [[42]], [['a\u0000b']], [[dir], 7]]) {
      const r = await dispatch(engine, 'openStudySet', bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
    }
    const r = await dispatch(engine, 'summarizeStudy', [[files.pa], 'no-such-model']);
    assert.equal(r.ok, false);
  } finally {
    await engine.dispose();
    await rm(home, { recursive: true, force: true });
  }
});
