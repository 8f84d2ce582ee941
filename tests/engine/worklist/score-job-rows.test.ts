import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../../src-main/api/contract';
import { AlveoError } from '../../../src-main/api/errors';
import { ScoreJobRows } from '../../../src-main/engine/worklist/score-job-rows';

const row = (file: string): ScoreRow => ({ file, probability: 0.5, label: 'PNEUMONIA', threshold: 0.5, model: 'm', error: null, warnings: [], attributes: {} });

test('keeps the rows of each run in arrival order and forgets the oldest runs', () => {
  const jobs = new ScoreJobRows(2);
  jobs.record({ type: 'job:row', jobId: 'a', row: row('a1') });
  jobs.record({ type: 'job:progress', jobId: 'a', kind: 'score', done: 1, total: 2, etaMs: null });
  jobs.record({ type: 'job:row', jobId: 'a', row: row('a2') });
  jobs.record({ type: 'job:row', jobId: 'b', row: row('b1') });
  assert.deepEqual(jobs.rows('a').map((r) => r.file), ['a1', 'a2']);
  jobs.record({ type: 'job:row', jobId: 'c', row: row('c1') });
  assert.throws(() => jobs.rows('a'), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND' && /score the folder again/.test(e.message));
  assert.deepEqual(jobs.rows('b').map((r) => r.file), ['b1']);
  assert.deepEqual(jobs.rows('c').map((r) => r.file), ['c1']);
});
