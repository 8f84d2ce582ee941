// Runs a PACS retrieve job to its end through the engine, with the progress it reported.
import assert from 'node:assert/strict';
import type { JobEnd, JobProgress } from '../../../../src-main/api/jobs';
import type { Engine } from '../../../../src-main/engine/index';

export type Ended = JobEnd<'retrieve'> & { result?: { note?: string } };
export type Progress = { done: number; total: number; message: string };

/** The job's end (asserted done), its progress messages and reports. */
export async function retrieveJob(engine: Engine, nodeId: string, study: string): Promise<{ end: Ended; messages: string[]; progress: Progress[] }> {
  const messages: string[] = [];
  const progress: Progress[] = [];
  const { jobId } = await engine.startPacsRetrieve({ nodeId, studyInstanceUid: study });
  const end = await new Promise<Ended>((resolve) => {
    const off = engine.subscribe((e) => {
      if (e.type === 'job:progress' && e.jobId === jobId) {
        const p = e as JobProgress;
        messages.push(p.message ?? '');
        progress.push({ done: p.done, total: p.total, message: p.message ?? '' });
      }
      if (e.type === 'job:end' && e.jobId === jobId) {
        off();
        resolve(e as Ended);
      }
    });
  });
  assert.equal(end.outcome, 'done', end.outcome === 'failed' ? end.error : undefined);
  return { end, messages, progress };
}
