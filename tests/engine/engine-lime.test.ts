// The 'lime' job through the real engine: a small seeded ResNet18 saved as a user model, a drawn
// study, the job's progress and one job:end with the explanation; the second ask is answered from
// what was kept; cancel ends the job 'cancelled'; a closed study is refused at once.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../src-main/api/events';
import type { JobEnd, JobProgress } from '../../src-main/api/jobs';
import { createEngine, type Engine } from '../../src-main/engine/index';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { writeGrayPng } from './inference/support/draw-png';
import { saveSmallModel } from './inference/support/small-resnet';

let dir: string;
let engine: Engine;
let png: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-lime-job-'));
  const tf = await getTf('wasm');
  await saveSmallModel(tf, { builtInDir: join(dir, 'none'), userDir: join(dir, 'home'), id: 'small', inputSize: 32, seed: 3 });
  png = join(dir, 'a.png');
  await writeGrayPng(png, 96, 80, [{ top: 20, left: 10, height: 40, width: 30, value: 200 }], 40);
  engine = createEngine({ builtInModelsDir: join(dir, 'none'), userDir: join(dir, 'home') });
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

function follow(jobId: string): { progress: JobProgress<'lime'>[]; ended: Promise<JobEnd<'lime'>> } {
  const progress: JobProgress<'lime'>[] = [];
  const ended = new Promise<JobEnd<'lime'>>((resolve) => {
    const off = engine.subscribe((e: EngineEvent) => {
      if (e.jobId !== jobId) return;
      if (e.type === 'job:progress') progress.push(e as JobProgress<'lime'>);
      else if (e.type === 'job:end') {
        off();
        resolve(e as JobEnd<'lime'>);
      }
    });
  });
  return { progress, ended };
}

test('startLime: progress up to 1000 samples, then job:end with the explanation at the model size', async () => {
  const { studyId } = await engine.openStudy(png);
  const { jobId } = await engine.startLime({ studyId, modelId: 'small' });
  assert.match(jobId, /^lime-/);
  const { progress, ended } = follow(jobId);
  const end = await ended;
  assert.equal(end.kind, 'lime');
  assert.equal(end.outcome, 'done', end.error);
  if (end.outcome !== 'done') return;
  const r = end.result;
  assert.equal(r.studyId, studyId);
  assert.equal(r.model, 'small');
  assert.equal(r.samples, 1000);
  assert.equal(r.size, 32);
  assert.equal(r.segments.length, 32 * 32);
  assert.ok(r.segments instanceof Uint16Array);
  assert.equal(r.weights.length, r.regionCount);
  assert.ok(Math.max(...r.segments) === r.regionCount - 1);
  assert.match(r.engine, /onnxruntime|tfjs/);
  // On ONNX Runtime's CPU provider the samples ran through the int8 copy, within its limit.
  if (r.engine.startsWith('onnxruntime (cpu')) assert.ok(r.quantization && r.quantization.maxAbsError < 0.02, JSON.stringify(r.quantization));
  else assert.equal(r.quantization, null);
  for (const [i, t] of r.top.entries()) {
    assert.equal(t.rank, i + 1);
    assert.ok(t.weight > 0 && Math.abs(t.weight - r.weights[t.region]) < 1e-6);
    assert.match(t.color, /^#[0-9a-f]{6}$/);
  }
  const p = await engine.predict(studyId, 'small');
  assert.ok(Math.abs(r.probability - p.probability) < 1e-4, `LIME's sample 0 ${r.probability} vs predict ${p.probability}`);
  assert.ok(progress.length >= 2, `${progress.length} progress events`);
  assert.equal(progress.at(-1)?.done, 1000);
  assert.ok(progress.every((e, i) => i === 0 || e.done >= progress[i - 1].done));

  // Asked again: the kept explanation, at once.
  const again = await engine.startLime({ studyId, modelId: 'small' });
  const second = follow(again.jobId);
  const end2 = await second.ended;
  assert.equal(end2.outcome, 'done');
  assert.equal(second.progress[0]?.message, 'cached');
  if (end2.outcome === 'done') assert.deepEqual(end2.result.weights, r.weights);
});

test('cancelJob stops a LIME job: job:end cancelled, no result', async () => {
  const { studyId } = await engine.openStudy(png);
  const { jobId } = await engine.startLime({ studyId, modelId: 'small', samples: 20000 });
  const { progress, ended } = follow(jobId);
  const off = engine.subscribe((e) => {
    if (e.jobId === jobId && e.type === 'job:progress' && e.done > 0) void engine.cancelJob(jobId);
  });
  const end = await ended;
  off();
  assert.equal(end.outcome, 'cancelled');
  assert.equal(end.result, undefined);
  assert.ok((progress.at(-1)?.done ?? 0) < 20000, `stopped at ${progress.at(-1)?.done}`);
});

test('startLime on a study that is not open is refused before any job starts', async () => {
  await assert.rejects(engine.startLime({ studyId: 'nope' }), /study nope is not open/);
});
