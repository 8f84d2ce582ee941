// alveo calibrate's engine side on real images: a simulated new site (the shipped model's own
// validation patients through a washed-out detector response, see support/shifted-cohort.ts).
// The calibrated model must reach the requested sensitivity on the site's images when read back
// through the inference runtime (so the card's temperature and threshold are applied there), keep
// the parent's weights byte for byte, and leave the store unchanged when it refuses.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelEntry } from '../../../src-main/api/contract';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { inferenceRuntime } from '../../../src-main/engine/runtime/runtime-for-model';
import { runCalibration, type SiteJobEnv } from '../../../src-main/engine/training/calibrate';
import { confusionAt } from '../../../src-main/engine/training/metrics';
import { predictProbabilities } from '../../../src-main/engine/training/predict-probabilities';
import { REPO_ROOT, skipUnless } from '../studies/shared-data';
import { KERMANY_TRAIN } from './support/kermany-subset';
import { writeShiftedCohort } from './support/shifted-cohort';
import { tempDir } from '../../support/temp-dir';
import { readFittedImages } from '../../../src-main/engine/model/fitted-images';

const skip = skipUnless(KERMANY_TRAIN);
const MODELS = join(REPO_ROOT, 'models');

async function envFor(home: string): Promise<SiteJobEnv & { store: ModelStore }> {
  const tf = await getTf('auto');
  const store = new ModelStore({ builtInDir: MODELS, userDir: home });
  return { tf, store, signal: new AbortController().signal, progress: () => {}, runtimeFor: (e: ModelEntry) => inferenceRuntime(e, { tf: async () => tf }) };
}

async function folderHash(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

test('calibrate: the new model reaches the requested sensitivity on the site images through the runtime, same weights, parent untouched', { skip }, async () => {
  const root = await tempDir('alveo-calibrate-');
  const cohort = await writeShiftedCohort(join(root, 'cohort'), { sitePerClass: 30, readingPerClass: 0 });
  const env = await envFor(join(root, 'home'));
  const parent = await env.store.get('default');
  const parentFiles = await folderHash(parent.dir);
  const result = await runCalibration({ data: cohort.site, sensitivity: 0.9 }, env);

  const entry = await env.store.get(result.modelId);
  assert.equal(entry.card.parent, 'default');
  assert.ok(entry.card.calibration, 'the card stores the calibration');
  assert.equal(entry.card.calibration.temperature, result.calibration.temperature);
  assert.equal(entry.card.threshold.value, result.calibration.after.threshold);
  assert.equal(result.calibration.after.n, 60);
  // Calibrated on the parent's served scores, so served with its test-time views too; the parent's one-view threshold does not carry over.
  const parentTta = parent.card.testTimeAugmentation;
  assert.deepEqual(entry.card.testTimeAugmentation, parentTta && { views: parentTta.views, combine: parentTta.combine });
  // The card says what it learned from in its own field, and keeps the parent's notes in the parent's card.
  assert.match(entry.card.trainingData.description, /^60 labelled images \(30 NORMAL, 30 PNEUMONIA; \d+ patients\) of the site \(threshold and temperature only; weights unchanged\), on top of its parent 'default': /);
  assert.ok(entry.card.trainingData.description.endsWith(parent.card.trainingData.description));
  assert.ok(!entry.card.notes?.some((n) => n.startsWith("Parent 'default':")), 'the parent\'s notes are not copied');
  assert.ok(entry.card.notes?.some((n) => /^The parent 'default' has \d+ notes of its own in its card/.test(n)));
  assert.ok(result.calibration.after.sensitivity.value >= 0.9);
  // Same weight files, byte for byte; the parent's folder is unchanged.
  const saved = await folderHash(entry.dir);
  // fitted-images.json is the new model's own: its site images, then the parent's as an ancestor's.
  for (const [f, h] of Object.entries(parentFiles)) if (f !== 'card.json' && f !== 'README.md' && f !== 'fitted-images.json') assert.equal(saved[f], h, f);
  const fitted = await readFittedImages(entry.dir);
  assert.deepEqual(fitted?.sets.map((x) => x.kind), ['site', 'ancestor']);
  assert.equal(fitted?.sets[0].content.length, 60);
  assert.deepEqual(await folderHash(parent.dir), parentFiles);

  // Read back as the app reads it: the runtime applies the card's temperature; the card's threshold
  // gives at least the requested sensitivity on the site's own images.
  const runtime = await inferenceRuntime(entry, { tf: async () => env.tf });
  assert.equal(runtime.views ?? 1, parentTta?.views.length ?? 1);
  const samples = cohort.siteImages.map((it) => ({ file: join(cohort.site, it.label ? 'PNEUMONIA' : 'NORMAL', it.file.split('/').pop()!.replace(/\.[^.]+$/, '.png')), label: it.label }));
  const preds = await predictProbabilities(env.tf, runtime, samples, { ...entry.card.preprocessing, inputSize: entry.card.inputSize, batchSize: 16 });
  const c = confusionAt(preds.probs, preds.labels, entry.card.threshold.value);
  assert.ok(c.tp / (c.tp + c.fn) >= 0.9, `sensitivity ${c.tp / (c.tp + c.fn)} through the runtime`);
  assert.deepEqual(c, result.calibration.after.confusion, 'the runtime reproduces the calibration figures');
  // The parent, read the same way, is not the calibrated model (its probabilities differ).
  const parentPreds = await predictProbabilities(env.tf, await inferenceRuntime(parent, { tf: async () => env.tf }), samples.slice(0, 4), { ...parent.card.preprocessing, inputSize: 224, batchSize: 4 });
  assert.notDeepEqual(Array.from(parentPreds.probs), Array.from(preds.probs.slice(0, 4)));

  // The same folder again: the same fit, so no second identical model; a name of its own asks for one.
  assert.equal(result.reused, undefined);
  const again = await runCalibration({ data: cohort.site, sensitivity: 0.9 }, env);
  assert.equal(again.reused, true);
  assert.equal(again.modelId, result.modelId);
  assert.deepEqual((await env.store.list()).filter((e) => !e.builtIn).map((e) => e.id), [result.modelId]);
  // Another target sensitivity is another fit.
  const other = await runCalibration({ data: cohort.site, sensitivity: 0.95 }, env);
  assert.ok(!other.reused && other.modelId !== result.modelId);
  const named = await runCalibration({ data: cohort.site, sensitivity: 0.9, name: 'ward 3' }, env);
  assert.ok(!named.reused && named.modelId === 'ward-3');
});

test('calibrate refuses one class only, a folder of 3 images and unreadable files, saying how many images it needs; nothing is stored', { skip }, async () => {
  const root = await tempDir('alveo-calibrate-bad-');
  const env = await envFor(join(root, 'home'));
  const normals = (await readdir(join(KERMANY_TRAIN, 'NORMAL'))).sort().slice(0, 30);
  const pneumonias = (await readdir(join(KERMANY_TRAIN, 'PNEUMONIA'))).sort().slice(0, 30);
  const make = async (name: string, n: string[], p: string[], broken = 0) => {
    const dir = join(root, name);
    for (const [cls, files] of [['NORMAL', n], ['PNEUMONIA', p]] as const) {
      await mkdir(join(dir, cls), { recursive: true });
      for (const f of files) await copyFile(join(KERMANY_TRAIN, cls, f), join(dir, cls, f));
    }
    for (let i = 0; i < broken; i++) await writeFile(join(dir, 'NORMAL', `IM-9${i}00-0001.jpeg`), Buffer.from(`not a JPEG ${i}`));
    return dir;
  };
  await assert.rejects(runCalibration({ data: await make('one-class', [], pneumonias) }, env), /needs at least 20 NORMAL images \(found 0\)/);
  await assert.rejects(runCalibration({ data: await make('three', normals.slice(0, 2), pneumonias.slice(0, 1)) }, env), /needs at least 20 NORMAL images \(found 2\) and 20 PNEUMONIA images \(found 1\)/);
  // 25 NORMAL files of which 10 cannot be decoded: 15 usable, too few.
  await assert.rejects(
    runCalibration({ data: await make('unreadable', normals.slice(0, 15), pneumonias.slice(0, 25), 10) }, env),
    /needs at least 20 NORMAL images \(found 1[05]\)/,
  );
  await assert.rejects(runCalibration({ data: join(root, 'missing') }, env), /missing/);
  await assert.rejects(runCalibration({ data: await make('ok', normals, pneumonias), sensitivity: 1 }, env), /target sensitivity must be between 0.5 and 1/);
  assert.deepEqual((await env.store.list()).filter((e) => !e.builtIn), []);
});
