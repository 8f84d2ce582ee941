// alveo calibrate and alveo adapt as a user runs them: the summary on stderr, the new model id as
// the last line of stdout (after one JSON line with --json), clear refusals, usage errors exit 2.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { REPO_ROOT as REPO, skipUnless } from '../../engine/studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from '../../engine/training/support/kermany-subset';
import { runCli } from '../support/run-cli';
import { auditLines } from '../../support/audit-lines';

const skip = skipUnless(KERMANY_TRAIN);

test('alveo calibrate --json: one JSON line then the new id last; the summary names before and after', { skip }, async () => {
  const data = await kermanySubset(22, 17);
  const home = join(data, 'home');
  const r = await runCli(['calibrate', '--data', data, '--sensitivity', '0.9', '--json'], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(lines[1], 'default-calibrated');
  const result = JSON.parse(lines[0]) as { modelId: string; calibration: { targetSensitivity: number; after: { sensitivity: { value: number } } } };
  assert.equal(result.modelId, 'default-calibrated');
  assert.equal(result.calibration.targetSensitivity, 0.9);
  assert.ok(result.calibration.after.sensitivity.value >= 0.9);
  // "before" is the parent's own threshold, as its card gives it.
  const parent = await new ModelStore({ builtInDir: join(REPO, 'models'), userDir: home }).get('default');
  assert.ok(r.stderr.includes(`before: threshold ${parent.card.threshold.value.toFixed(4)}, sensitivity `), r.stderr);
  assert.match(r.stderr, /before: threshold [\d.]+, sensitivity [\d.]+ \(95% CI/);
  assert.match(r.stderr, /after: {2}threshold [\d.]+, temperature [\d.]+/);
  // Kermany training-split images: the shipped parent was fitted on them, and the summary says so.
  assert.match(r.stderr, /\n {2}note: In-sample for the parent 'default': this model was fitted on some of these images: of these 44 images, .*\(recognised by content, wherever they are kept\)/);
  const store = new ModelStore({ builtInDir: join(REPO, 'models'), userDir: home });
  assert.equal((await store.get('default-calibrated')).card.parent, 'default');
  // A model made from the CLI is a line in the audit trail, as the app's calibration job leaves.
  const line = (await auditLines(home)).find((l) => l.action === 'calibrate');
  assert.deepEqual([line?.door, line?.outcome, line?.data, line?.model, line?.parent, line?.sensitivity], ['cli', 'done', data, 'default-calibrated', 'default', 0.9]);
});

test('alveo calibrate / adapt: too few images exit 1 with the count needed; bad flags exit 2; nothing stored', { skip }, async () => {
  const data = await kermanySubset(3, 5);
  const home = join(data, 'home');
  const few = await runCli(['calibrate', '--data', data], { ALVEO_HOME: home });
  assert.equal(few.code, 1);
  assert.match(few.stderr, /alveo calibrate: .*needs at least 20 NORMAL images \(found 3\) and 20 PNEUMONIA images \(found 3\)/);
  const fewAdapt = await runCli(['adapt', '--data', data], { ALVEO_HOME: home });
  assert.equal(fewAdapt.code, 1);
  assert.match(fewAdapt.stderr, /alveo adapt: .*needs at least 67 NORMAL images \(found 3\)/);
  assert.equal((await runCli(['calibrate'], { ALVEO_HOME: home })).code, 2);
  assert.equal((await runCli(['calibrate', '--data', data, '--sensitivity', 'high'], { ALVEO_HOME: home })).code, 2);
  assert.equal((await runCli(['adapt', '--data', data, '--epochs', 'many'], { ALVEO_HOME: home })).code, 2);
  // --seed re-draws the held-out patients: a whole number; a good one reaches the engine (which then counts the images).
  const badSeed = await runCli(['adapt', '--data', data, '--seed', '1.5'], { ALVEO_HOME: home });
  assert.equal(badSeed.code, 2);
  assert.match(badSeed.stderr, /--seed must be a whole number from 0 \(got '1\.5'\)/);
  assert.equal((await runCli(['adapt', '--data', data, '--seed', '3'], { ALVEO_HOME: home })).code, 1);
  assert.equal(few.stdout, '');
  const store = new ModelStore({ builtInDir: join(REPO, 'models'), userDir: home });
  assert.deepEqual((await store.list()).filter((e) => !e.builtIn), []);
  // The refusals reached the engine and are in the audit trail; the usage errors (exit 2) never started.
  const lines = await auditLines(home);
  assert.deepEqual(lines.map((l) => `${l.action} ${l.outcome}`), ['calibrate failed', 'adapt failed', 'adapt failed']);
  assert.match(String(lines[0].error), /needs at least 20 NORMAL images/);
});

test('alveo calibrate names the engine that scored, also when nothing new is saved; alveo models calls the site figure in-sample, not validation', { skip }, async () => {
  const data = await kermanySubset(21, 21);
  // Inside the site folder, as an admin's ALVEO_HOME=/data/alveo beside /data/NORMAL: the user
  // folder is passed over (its marker), so the second calibration is still recognised as the same.
  const home = join(data, 'alveo-home');
  const first = await runCli(['calibrate', '--data', data], { ALVEO_HOME: home });
  assert.equal(first.code, 0, first.stderr);
  const again = await runCli(['calibrate', '--data', data], { ALVEO_HOME: home });
  assert.equal(again.code, 0, again.stderr);
  // The progress lines name the runtime that scored the images; the summary names the same one.
  const engine = /scoring site images \d+\/\d+ \((.+)\)/.exec(first.stderr)?.[1];
  assert.ok(engine, first.stderr);
  assert.ok(again.stderr.includes(`nothing new saved: 'default-calibrated' already holds this calibration of 'default' on these images (scored on ${engine}, `), again.stderr);
  assert.ok(first.stderr.includes(`saved model 'default-calibrated' from 'default' (scored on ${engine}, `), first.stderr);
  const models = await runCli(['models'], { ALVEO_HOME: home });
  assert.equal(models.code, 0, models.stderr);
  assert.match(models.stdout, /^\s+default-calibrated\s.*site AUC [\d.]+ \(in-sample, not validation; n 42\)/m);
  assert.doesNotMatch(models.stdout, /default-calibrated\s.*val AUC/);
});
