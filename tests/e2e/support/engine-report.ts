// The evaluation report the engine itself gives for a folder and model: what the UI must show.
import assert from 'node:assert/strict';
import type { EvaluationReport } from '../../../src-main/api/evaluation';
import type { AppUnderTest } from './app-under-test';

/** What the engine itself reports for the same folder and model (its job:end). */
export async function engineReport(app: AppUnderTest, data: string, model: string): Promise<EvaluationReport> {
  const ends = new Map<string, { outcome: string; result?: unknown; error?: string }>();
  let wanted: string | null = null;
  let resolve: (r: { outcome: string; result?: unknown; error?: string }) => void = () => {};
  const done = new Promise<{ outcome: string; result?: unknown; error?: string }>((r) => (resolve = r));
  const off = app.engine.subscribe((e) => {
    if (e.type !== 'job:end' || e.kind !== 'evaluate') return;
    ends.set(e.jobId, e);
    if (e.jobId === wanted) resolve(e);
  });
  try {
    const { jobId } = await app.engine.startEvaluation({ data, model });
    wanted = jobId;
    const early = ends.get(jobId);
    if (early) resolve(early);
    const end = await done;
    assert.equal(end.outcome, 'done', end.error);
    return end.result as EvaluationReport;
  } finally {
    off();
  }
}
