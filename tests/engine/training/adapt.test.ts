// alveo adapt's engine side on real images: a simulated new site (the shipped model's own
// validation patients through a washed-out detector response, support/shifted-cohort.ts), split by
// patient into the site's labelled images and a reading set. A small run (1 view, 1 epoch) must
// leave the parent untouched and read the reading set better than the parent does at its own
// threshold (tolerance: balanced accuracy at least 0.10 higher; the parent flags ~80% of these
// normals), remove its activation cache, and a cancelled run must store nothing. Caches of killed
// runs are swept by the next run.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelEntry } from '../../../src-main/api/contract';
import { registerWasmTrainingKernels } from '../../../src-main/engine/model/kernels/register-wasm-training-kernels';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { inferenceRuntime } from '../../../src-main/engine/runtime/runtime-for-model';
import { runAdaptation, type AdaptEnv } from '../../../src-main/engine/training/adapt';
import { confusionAt } from '../../../src-main/engine/training/metrics';
import { headMatches, loadOodStats } from '../../../src-main/engine/guardrails/ood-stats';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { DICOM_NATIVE } from '../inference/support/shared-data';
import { predictProbabilities } from '../../../src-main/engine/training/predict-probabilities';
import { REPO_ROOT, skipUnless } from '../studies/shared-data';
import { KERMANY_TRAIN } from './support/kermany-subset';
import { HARSH_SHIFT, writeShiftedCohort, type ShiftedCohort } from './support/shifted-cohort';
import { tempDir } from '../../support/temp-dir';

const skip = skipUnless(KERMANY_TRAIN);

async function envFor(home: string, signal = new AbortController().signal, progress: AdaptEnv['progress'] = () => {}): Promise<AdaptEnv> {
  const tf = await getTf('auto');
  registerWasmTrainingKernels(tf);
  const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: home });
  return { tf, store, signal, progress, userDir: home, runtimeFor: (e: ModelEntry) => inferenceRuntime(e, { tf: async () => tf }) };
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

async function folderHash(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(dir)).sort()) h.update(f).update(await readFile(join(dir, f)));
  return h.digest('hex');
}

async function balancedAccuracy(env: AdaptEnv, entry: ModelEntry, cohort: ShiftedCohort): Promise<number> {
  const runtime = await inferenceRuntime(entry, { tf: async () => env.tf });
  const samples = cohort.readingImages.map((it) => ({ file: join(cohort.reading, it.label ? 'PNEUMONIA' : 'NORMAL', it.file.split('/').pop()!.replace(/\.[^.]+$/, '.png')), label: it.label }));
  const p = await predictProbabilities(env.tf, runtime, samples, { ...entry.card.preprocessing, inputSize: entry.card.inputSize, batchSize: 16 });
  const c = confusionAt(p.probs, p.labels, entry.card.threshold.value);
  return (c.tp / (c.tp + c.fn) + c.tn / (c.tn + c.fp)) / 2;
}

test('adapt: a small run on a shifted site beats the parent on the reading set, parent untouched, cache removed', { skip }, async () => {
  const root = await tempDir('alveo-adapt-');
  // A site the parent gets wrong (specificity near 0), so what adaptation repairs shows.
  const cohort = await writeShiftedCohort(join(root, 'cohort'), { sitePerClass: 70, readingPerClass: 30, shift: HARSH_SHIFT });
  const home = join(root, 'home');
  const stages = new Set<string>();
  const env = await envFor(home, undefined, (p) => stages.add(p.adapt.stage));
  const parent = await env.store.get('default');
  const before = await folderHash(parent.dir);
  const result = await runAdaptation({ data: cohort.site, epochs: 1, views: 1 }, env);

  assert.equal(await folderHash(parent.dir), before, 'the parent model folder is unchanged');
  assert.deepEqual(await readdir(join(home, 'cache')), [], 'the activation cache is removed');
  assert.deepEqual([...stages], ['importing', 'features', 'training', 'calibrating', 'saving']);
  const entry = await env.store.get(result.modelId);
  assert.equal(entry.card.parent, 'default');
  assert.equal(entry.card.adaptation?.trainBlocks, 'layer4.1');
  assert.equal(entry.card.adaptation?.views, 1);
  // Trained on one view of the image, so served on one view; "before" is the parent on one view, at its one-view threshold.
  assert.equal(entry.card.testTimeAugmentation, undefined);
  assert.equal((await inferenceRuntime(entry, { tf: async () => env.tf })).views ?? 1, 1);
  const parentTta = parent.card.testTimeAugmentation;
  if (parentTta) {
    assert.equal(result.calibration.before.threshold, parentTta.oneView?.threshold ?? parent.card.threshold.value);
    assert.ok(entry.card.notes?.some((n) => n.startsWith(`The parent is served with ${parentTta.views.length} test-time views`)), 'the card says the adapted model runs one view');
  }
  assert.equal(entry.card.adaptation?.history.length, 1);
  // The recipe makes it again: the options asked for and the defaults, spelled out.
  assert.equal(entry.card.adaptation?.seed, 7);
  assert.match(entry.card.recipe ?? '', /^alveo adapt --data \S+ --model default --sensitivity 0\.95 --epochs 1 --views 1 --blocks layer4\.1 --seed 7 \(all options: \{.*"learningRate":/);
  // The held-out patients chose the epoch too (and the refitted check's cut-off): the first note says so.
  assert.match(result.calibration.notes[0], /^The epoch kept \((epoch 1 of 1 run|none: no epoch beat the parent's weights)\), the temperature, the threshold (and the unlike-training check's cut-off )?were all chosen on these same \d+ images/);
  assert.ok(entry.card.calibration && entry.card.calibration.after.sensitivity.value >= 0.95);
  const parentScore = await balancedAccuracy(env, parent, cohort);
  const adaptedScore = await balancedAccuracy(env, entry, cohort);
  assert.ok(adaptedScore >= parentScore + 0.1, `balanced accuracy on the reading set: adapted ${adaptedScore.toFixed(3)}, parent ${parentScore.toFixed(3)}`);

  // The feature guardrail travels refitted (the parent's statistics no longer match these weights):
  // quiet on the site's own kind of image, and it still flags adult radiographs.
  const adapted = await inferenceRuntime(entry, { tf: async () => env.tf });
  const stats = loadOodStats(entry.dir);
  assert.ok(stats && headMatches(stats, adapted.head), 'ood.json fitted to the adapted weights');
  assert.equal(entry.featureGuardrail, true, 'the store lists it as having the check');
  assert.ok(!headMatches(loadOodStats(parent.dir)!, adapted.head), "the parent's statistics would have been ignored");
  const flagged = async (files: string[]) => {
    let n = 0;
    for (const f of files) if ((await predictStudy(adapted, entry.card, await loadStudy(f))).guardrails.some((g) => g.code === 'unlike-training')) n++;
    return n;
  };
  const reading = cohort.readingImages.map((it) => join(cohort.reading, it.label ? 'PNEUMONIA' : 'NORMAL', it.file.split('/').pop()!.replace(/\.[^.]+$/, '.png')));
  const falseAlarms = await flagged(reading);
  assert.ok(falseAlarms <= reading.length * 0.1, `${falseAlarms} of ${reading.length} reading-set images flagged`);
  const adults = ['CR-MONO1-10-chest_nometa_implicitLE.dcm', 'RG1_J2KI_cr_chest_j2k_lossy.dcm'].map((f) => join(DICOM_NATIVE, f)).filter((f) => existsSync(f));
  if (adults.length) assert.ok((await flagged(adults)) >= 1, 'an adult radiograph the parent flags is flagged by the adapted model too');
});

test('adapt: cancel during the frozen activations and bad input store nothing and leave no cache', { skip }, async () => {
  const root = await tempDir('alveo-adapt-cancel-');
  const cohort = await writeShiftedCohort(join(root, 'cohort'), { sitePerClass: 70, readingPerClass: 0 });
  const home = join(root, 'home');
  // Caches a killed run left behind (its process is gone) are swept by the next run; the cache
  // of a process that still runs (pid 1 here) is not.
  const dead = `adapt-${deadPid()}-${randomUUID()}`;
  const live = `adapt-1-${randomUUID()}`;
  for (const name of [dead, live]) {
    await mkdir(join(home, 'cache', name), { recursive: true });
    await writeFile(join(home, 'cache', name, 'train-v0-0.f32'), new Uint8Array(1024));
  }
  const controller = new AbortController();
  const env = await envFor(home, controller.signal, (p) => {
    if (p.adapt.stage === 'features' && p.done > 0) controller.abort();
  });
  await assert.rejects(runAdaptation({ data: cohort.site, epochs: 1, views: 1 }, env), /adaptation cancelled: nothing was saved/);
  assert.deepEqual((await env.store.list()).filter((e) => !e.builtIn), []);
  assert.deepEqual(await readdir(join(home, 'cache')), [live], 'the dead process\'s cache and this run\'s are gone; the live one stays');
  await rm(join(home, 'cache', live), { recursive: true });

  const ok = await envFor(home);
  // 70 + 70 images hold out 30% (21 per class) for calibration; 40 + 40 would leave too few.
  const small = await writeShiftedCohort(join(root, 'small'), { sitePerClass: 40, readingPerClass: 0 });
  await assert.rejects(runAdaptation({ data: small.site }, ok), /too few labelled images for adaptation: needs at least 67 NORMAL images \(found 40\) and 67 PNEUMONIA images \(found 40\)/);
  await assert.rejects(runAdaptation({ data: cohort.site, epochs: 0 }, ok), /epochs must be a whole number from 1 to 100/);
  await assert.rejects(runAdaptation({ data: cohort.site, trainBlocks: 'layer3' as never }, ok), /trainBlocks must be 'layer4.1' or 'layer4'/);
  assert.deepEqual((await env.store.list()).filter((e) => !e.builtIn), []);
});
