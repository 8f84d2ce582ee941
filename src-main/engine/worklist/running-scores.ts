// The score runs under way in this engine, fed from its own event stream: a page that reloads (or
// a second tab) takes a run up again from here, rather than reading last-run.json's "interrupted"
// as a run cut short and starting a second one beside it.
import type { RunningScore, ScoreRow, ScoreSpec } from '../../api/scoring';
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

  /** Newest first, each with its rows so far (copied: the run goes on adding to its own list). */
  list(rowsOf: (jobId: string) => readonly ScoreRow[]): RunningScore[] {
    return [...this.runs.values()].reverse().map((r) => ({ ...r, spec: { ...r.spec }, ...(r.latest ? { latest: { ...r.latest } } : {}), rows: [...rowsOf(r.jobId)] }));
  }
}
