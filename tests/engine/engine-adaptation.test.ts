// The 'calibrate' and 'adapt' jobs through the real engine and the shipped model, on real images:
// progress carries the stage, one job:end carries the result (or the refusal), cancel ends the job
// 'cancelled' with nothing stored, and bad arguments are errors of the call.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../src-main/api/events';
import type { JobEnd, JobProgress } from '../../src-main/api/jobs';
import { createEngine, sourceTreeDeps, type Engine } from '../../src-main/engine/index';
import { skipUnless } from './studies/shared-data';
import { KERMANY_TRAIN, kermanySubset } from './training/support/kermany-subset';

const skip = skipUnless(KERMANY_TRAIN);
let dir: string;
let engine: Engine;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-adapt-jobs-'));
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

function follow<K extends 'calibrate' | 'adapt'>(jobId: string): { progress: JobProgress<K>[]; ended: Promise<JobEnd<K>> } {
  const progress: JobProgress<K>[] = [];
  const ended = new Promise<JobEnd<K>>((resolve) => {
    const off = engine.subscribe((e: EngineEvent) => {
      if (e.jobId !== jobId) return;
      if (e.type === 'job:progress') progress.push(e as JobProgress<K>);
      else if (e.type === 'job:end') {
        off();
        resolve(e as JobEnd<K>);
      }
    });
  });
  return { progress, ended };
}

const userModels = async () => (await engine.listModels()).filter((m) => !m.builtIn).map((m) => m.id);

test('startCalibration: progress with stages, then job:end with the new model, listed by the engine', { skip }, async () => {
  const data = await kermanySubset(22, 11);
  const { jobId } = await engine.startCalibration({ data, sensitivity: 0.9, name: 'Site A' });
  assert.match(jobId, /^calibrate-/);
  const { progress, ended } = follow<'calibrate'>(jobId);
  const end = await ended;
  assert.equal(end.outcome, 'done', end.outcome === 'failed' ? end.error : '');
  if (end.outcome !== 'done') return;
  assert.equal(end.result.modelId, 'site-a');
  assert.equal(end.result.parent, 'default');
  assert.ok(end.result.calibration.after.sensitivity.value >= 0.9);
  assert.deepEqual([...new Set(progress.map((p) => p.adapt.stage))], ['importing', 'calibrating', 'saving']);
  assert.deepEqual(await userModels(), ['site-a']);
});

test('calibrate and adapt jobs: refusals end the job failed, cancel ends it cancelled, bad arguments fail the call; nothing stored', { skip }, async () => {
  const before = await userModels();
  const tiny = await kermanySubset(3, 5);
  const refused = follow<'calibrate'>((await engine.startCalibration({ data: tiny })).jobId);
  const r = await refused.ended;
  assert.equal(r.outcome, 'failed');
  if (r.outcome === 'failed') assert.match(r.error, /needs at least 20 NORMAL images \(found 3\)/);

  const data = await kermanySubset(80, 3);
  const { jobId } = await engine.startAdaptation({ data, epochs: 1, views: 1 });
  const run = follow<'adapt'>(jobId);
  await engine.cancelJob(jobId);
  assert.equal((await run.ended).outcome, 'cancelled');

  await assert.rejects(engine.startAdaptation({ data, epochs: 0 }), /epochs must be a whole number from 1 to 100/);
  await assert.rejects(engine.startCalibration({ data, sensitivity: 0.3 }), /target sensitivity must be between 0.5 and 1/);
  await assert.rejects(engine.startCalibration({ data: join(dir, 'nowhere') }), /folder not found/);
  await assert.rejects(engine.startCalibration({ data, model: 'nope' }), /no model with id 'nope'/);
  assert.deepEqual(await userModels(), before);
});
