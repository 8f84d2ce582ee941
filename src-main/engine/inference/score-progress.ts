// Progress for long batches: counts, images per second, ETA, emitted at most `hz` times a second
// (the last update always goes out) so a fast cache-hit run cannot flood the UI.
export interface ScoreProgress {
  done: number;
  total: number;
  elapsedMs: number;
  etaMs: number | null;
  imagesPerSecond: number | null;
}

export class ProgressMeter {
  private readonly started = performance.now();
  private lastEmit = -Infinity;

  constructor(
    private readonly total: number,
    private readonly emit: (p: ScoreProgress) => void,
    private readonly hz = 10,
  ) {}

  update(done: number): void {
    const now = performance.now();
    if (done < this.total && now - this.lastEmit < 1000 / this.hz) return;
    this.lastEmit = now;
    const elapsedMs = now - this.started;
    const rate = done > 0 && elapsedMs > 0 ? done / (elapsedMs / 1000) : null;
    this.emit({
      done,
      total: this.total,
      elapsedMs,
      imagesPerSecond: rate,
      etaMs: rate ? ((this.total - done) / rate) * 1000 : null,
    });
  }
}
