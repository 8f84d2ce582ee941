import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreJobResult } from '../../../src-main/api/contract';
import type { EngineEvent } from '../../../src-main/api/events';
import { AlveoError } from '../../../src-main/api/errors';
import { JobRunner } from '../../../src-main/engine/jobs/job-runner';
import { WorkerJobError } from '../../../src-main/engine/jobs/run-in-worker';

const row = (file: string) => ({ file, probability: 0.5, label: 'PNEUMONIA' as const, threshold: 0.5, model: 'm', error: null, warnings: [], attributes: {} });
const scoreResult = (scored: number, cancelled = false): ScoreJobResult => ({ folder: '/f', model: 'm', total: 1000, scored, failed: 0, fromCache: 0, cancelled, ms: 1 });

test('start answers a jobId at once; events come after, in order, ending with job:end done and the result', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  let bodyStarted = false;
  const { jobId } = runner.start('score', async (ctx) => {
    bodyStarted = true;
    ctx.progress({ done: 0, total: 2, etaMs: null });
    ctx.row(row('a'));
    ctx.progress({ done: 1, total: 2, etaMs: 10 });
    ctx.row(row('b'));
    return scoreResult(2);
  });
  assert.match(jobId, /^score-/);
  assert.equal(bodyStarted, false, 'the body must not run before start() returns');
  assert.equal(events.length, 0);
  await runner.wait(jobId);
  assert.deepEqual(
    events.map((e) => e.type),
    ['job:progress', 'job:row', 'job:progress', 'job:row', 'job:end'],
  );
  assert.ok(events.every((e) => e.jobId === jobId));
  assert.ok(events.every((e) => e.type === 'job:row' || e.kind === 'score'), 'progress and end carry the kind');
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'done', result: scoreResult(2) });
  assert.deepEqual(runner.list(), []);
});

test('a failing job ends with job:end failed, carrying the message and no result', async (t) => {
  t.mock.method(console, 'error', () => undefined); // the stack of a thrown Error goes there (next test)
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const { jobId } = runner.start('evaluate', async () => {
    throw new Error('disk on fire');
  });
  await runner.wait(jobId);
  assert.deepEqual(events, [{ type: 'job:end', jobId, kind: 'evaluate', outcome: 'failed', error: 'disk on fire' }]);
});

test('cancel aborts the signal; a body that returns what it has ends cancelled WITH that result, rows already sent stay sent', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const seen: Array<string | undefined> = [];
  const { jobId } = runner.start('score', async (ctx) => {
    let i = 0;
    for (; i < 1000 && !ctx.signal.aborted; i++) {
      ctx.row(row(`f${i}`));
      await new Promise((r) => setTimeout(r, 2));
    }
    seen.push(ctx.cancelChoice());
    return scoreResult(i, true);
  });
  while (events.filter((e) => e.type === 'job:row').length < 3) await new Promise((r) => setTimeout(r, 1));
  assert.equal(runner.list().length, 1);
  assert.equal(runner.cancel(jobId, 'keep'), true);
  await runner.wait(jobId);
  const rows = events.filter((e) => e.type === 'job:row').length;
  assert.ok(rows >= 3 && rows < 1000, `rows before cancel: ${rows}`);
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'cancelled', result: scoreResult(rows, true) });
  assert.deepEqual(seen, ['keep'], 'the body saw the cancel choice');
  assert.equal(runner.cancel(jobId), false, 'an ended job cannot be cancelled');
});

test('a body that throws after a cancel ends cancelled without a result (not failed)', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const { jobId } = runner.start('train', async (ctx) => {
    while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 2));
    throw new Error('stopped half-way');
  });
  await new Promise((r) => setTimeout(r, 10));
  runner.cancel(jobId);
  await runner.wait(jobId);
  assert.deepEqual(events, [{ type: 'job:end', jobId, kind: 'train', outcome: 'cancelled' }]);
});

test('dispose cancels every running job and waits for them', async () => {
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  const body = async (ctx: { signal: AbortSignal }) => {
    while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 2));
    return scoreResult(0, true);
  };
  runner.start('score', body);
  runner.start('score', body);
  await new Promise((r) => setTimeout(r, 10));
  await runner.dispose();
  assert.equal(events.filter((e) => e.type === 'job:end' && e.outcome === 'cancelled').length, 2);
  assert.deepEqual(runner.list(), []);
});

// Review 37 F2: job:end carries a bug's message only; its stack now goes to stderr, once, so the line
// can be found. An AlveoError (the job's answer) and a worker's error (its message only) do not.
test("a job failing on a bug: job:end as before, and the bug's stack on stderr once", async (t) => {
  const logged = t.mock.method(console, 'error', () => undefined);
  const events: EngineEvent[] = [];
  const runner = new JobRunner((e) => events.push(e));
  function rowsOf(result: { rows: number } | null): number {
    return (result as { rows: number }).rows;
  }
  const bug = runner.start('score', async () => {
    rowsOf(null);
    return scoreResult(0);
  });
  await runner.wait(bug.jobId);
  assert.deepEqual(events.at(-1), { type: 'job:end', jobId: bug.jobId, kind: 'score', outcome: 'failed', error: "Cannot read properties of null (reading 'rows')" });
  assert.equal(logged.mock.callCount(), 1);
  const [prefix, stack] = logged.mock.calls[0].arguments as [string, string];
  assert.equal(prefix, 'alveo: unexpected error in score job:');
  assert.match(stack, /^TypeError: Cannot read properties of null \(reading 'rows'\)\n\s+at rowsOf /);

  for (const err of [new AlveoError('NOT_FOUND', 'no such folder', '/data/x'), new WorkerJobError('/data/x: no such folder', false)]) {
    const { jobId } = runner.start('score', async () => {
      throw err;
    });
    await runner.wait(jobId);
    assert.deepEqual(events.at(-1), { type: 'job:end', jobId, kind: 'score', outcome: 'failed', error: err.message });
  }
  assert.equal(logged.mock.callCount(), 1, 'an AlveoError or a worker error is an answer, not logged as a bug');
});
