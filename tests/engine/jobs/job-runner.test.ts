import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { JobRunner } from '../../../src-main/engine/jobs/job-runner';

const row = (file: string) => ({ file, probability: 0.5, label: 'PNEUMONIA' as const, threshold: 0.5, model: 'm', error: null, warnings: [], attributes: {} });

test('start answers a jobId at once; events come after, in order, ending with job:done', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  let bodyStarted = false;
  const { jobId } = runner.start('demo', async (ctx) => {
    bodyStarted = true;
    ctx.progress({ done: 0, total: 2, etaMs: null });
    ctx.row(row('a'));
    ctx.progress({ done: 1, total: 2, etaMs: 10 });
    ctx.row(row('b'));
    return { n: 2 };
  });
  assert.match(jobId, /^demo-/);
  assert.equal(bodyStarted, false, 'the body must not run before start() returns');
  assert.equal(events.length, 0);
  await runner.wait(jobId);
  assert.deepEqual(
    events.map((e) => e.type),
    ['job:progress', 'job:row', 'job:progress', 'job:row', 'job:done'],
  );
  assert.ok(events.every((e) => e.jobId === jobId));
  const done = events.at(-1);
  assert.equal(done?.type, 'job:done');
  if (done?.type === 'job:done') assert.deepEqual(done.result, { n: 2 });
  assert.deepEqual(runner.list(), []);
});

test('a failing job ends with job:error (not cancelled) carrying the message', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const { jobId } = runner.start('bad', async () => {
    throw new Error('disk on fire');
  });
  await runner.wait(jobId);
  assert.deepEqual(events, [{ type: 'job:error', jobId, error: 'disk on fire', cancelled: false }]);
});

test('cancel aborts the signal; the job ends with job:error cancelled, rows already sent stay sent', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const { jobId } = runner.start('long', async (ctx) => {
    for (let i = 0; i < 1000 && !ctx.signal.aborted; i++) {
      ctx.row(row(`f${i}`));
      await new Promise((r) => setTimeout(r, 2));
    }
    return 'partial';
  });
  while (events.filter((e) => e.type === 'job:row').length < 3) await new Promise((r) => setTimeout(r, 1));
  assert.equal(runner.list().length, 1);
  assert.equal(runner.cancel(jobId), true);
  await runner.wait(jobId);
  const rows = events.filter((e) => e.type === 'job:row').length;
  assert.ok(rows >= 3 && rows < 1000, `rows before cancel: ${rows}`);
  assert.deepEqual(events.at(-1), { type: 'job:error', jobId, error: 'cancelled', cancelled: true });
  assert.equal(runner.cancel(jobId), false, 'an ended job cannot be cancelled');
});

test('dispose cancels every running job and waits for them', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const body = async (ctx: { signal: AbortSignal }) => {
    while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 2));
  };
  runner.start('a', body);
  runner.start('b', body);
  await new Promise((r) => setTimeout(r, 10));
  await runner.dispose();
  assert.equal(events.filter((e) => e.type === 'job:error' && e.cancelled).length, 2);
  assert.deepEqual(runner.list(), []);
});
