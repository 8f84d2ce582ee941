import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../../../src-main/api/events';
import { JobRunner } from '../../../src-main/engine/jobs/job-runner';
import { runInWorker } from '../../../src-main/engine/jobs/run-in-worker';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const countWorker = join(fixtures, 'count.worker.ts');

function collect() {
  const events: EngineEvent[] = [];
  return { events, runner: new JobRunner((e) => events.push(e)) };
}

test('a job hosted in a worker thread streams rows and progress, then done with its result', async () => {
  const { events, runner } = collect();
  const logs: string[] = [];
  const { jobId } = runner.start('score', (ctx) => runInWorker(countWorker, { n: 5, stepMs: 1 }, ctx, { onLog: (m) => logs.push(m) }));
  await runner.wait(jobId);
  assert.equal(events.filter((e) => e.type === 'job:row').length, 5);
  assert.equal(events.filter((e) => e.type === 'job:progress').length, 5);
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'done', result: { counted: 5 } });
  assert.deepEqual(logs, ['stopped at 5']);
});

test('an error thrown inside the worker ends the job failed, with its message', async () => {
  const { events, runner } = collect();
  const { jobId } = runner.start('score', (ctx) => runInWorker(countWorker, { n: -1, stepMs: 1 }, ctx));
  await runner.wait(jobId);
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'failed', error: 'n must not be negative' });
});

test('cancel reaches the worker, which stops early, keeps its rows and returns its result (with the cancel choice)', async () => {
  const { events, runner } = collect();
  const { jobId } = runner.start('score', (ctx) => runInWorker(countWorker, { n: 10_000, stepMs: 2 }, ctx));
  while (events.filter((e) => e.type === 'job:row').length < 3) await new Promise((r) => setTimeout(r, 5));
  runner.cancel(jobId, 'keep');
  await runner.wait(jobId);
  const rows = events.filter((e) => e.type === 'job:row').length;
  assert.ok(rows >= 3 && rows < 10_000, `rows: ${rows}`);
  // The worker returned after the cancel: the job ends cancelled with that result, and the worker saw the choice.
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'cancelled', result: { counted: rows, choice: 'keep' } });
});

test('a worker that ignores cancel is terminated after the grace period', async () => {
  const { events, runner } = collect();
  const { jobId } = runner.start('score', (ctx) => runInWorker(join(fixtures, 'stubborn.worker.ts'), {}, ctx, { killAfterMs: 200 }));
  await new Promise((r) => setTimeout(r, 300)); // let the worker start
  runner.cancel(jobId);
  await runner.wait(jobId);
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'cancelled' });
});
