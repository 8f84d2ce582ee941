// The score runs under way in this engine, fed from its own event stream: a page that reloads (or
// a second tab) takes a run up again from here, rather than reading last-run.json's "interrupted"
// as a run cut short and starting a second one beside it.
import { resolve } from 'node:path';
import type { RunningScore, RunningScoresQuery, ScoreRow, ScoreSpec } from '../../api/scoring';
import type { EngineEvent } from '../../api/events';

export class RunningScores {
  private readonly runs = new Map<string, Omit<RunningScore, 'rows'>>();

  started(jobId: string, spec: ScoreSpec, modelId: string): void {
    this.runs.set(jobId, { jobId, startedAt: Date.now(), spec: { ...spec }, modelId });
  }

  record(event: EngineEvent): void {
    if (event.type === 'job:row' || event.kind !== 'score') return;
    const run = this.runs.get(event.jobId);
    if (!run) return;
    if (event.type === 'job:end') this.runs.delete(event.jobId);
    else if (event.type === 'job:progress') {
      const { done, total, etaMs, imagesPerSecond } = event;
      run.latest = { done, total, etaMs, ...(imagesPerSecond === undefined ? {} : { imagesPerSecond }) };
    }
  }

  /**
   * Newest first, each with the rows `query` asks for (copied: the run goes on adding to its own
   * list); with `like` and the model it would use, only the run a start of it would repeat.
   */
  list(rowsOf: (jobId: string) => readonly ScoreRow[], query: RunningScoresQuery = {}, likeModel: string | null = null): RunningScore[] {
    const { like } = query;
    const runs = [...this.runs.values()].reverse().filter((r) => !like || (likeModel !== null && sameScoreRun(r.spec, r.modelId, like, likeModel)));
    return runs.map((r) => ({
      ...r,
      spec: { ...r.spec },
      ...(r.latest ? { latest: { ...r.latest } } : {}),
      rows: query.rows === false ? [] : rowsOf(r.jobId).slice(query.rowsFrom ?? 0),
    }));
  }
}

/**
 * The same run: the same rows would come out. Folders are compared resolved ('/data/./x' is
 * '/data/x'; case-blind on Windows), and the model is the one each actually uses.
 */
export function sameScoreRun(a: ScoreSpec, aModel: string, b: ScoreSpec, bModel: string): boolean {
  const folder = (f: string) => (process.platform === 'win32' ? resolve(f).toLowerCase() : resolve(f));
  const shard = (s: ScoreSpec) => (s.shard ? `${s.shard.index}/${s.shard.count}` : '');
  return (
    folder(a.folder) === folder(b.folder) &&
    (a.subfolders ?? []).join('\n') === (b.subfolders ?? []).join('\n') &&
    (a.recursive === true) === (b.recursive === true) &&
    (a.oneView === true) === (b.oneView === true) &&
    shard(a) === shard(b) &&
    aModel === bModel
  );
}
