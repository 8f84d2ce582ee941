// Progress for long batches: counts, images computed per second, cache hits, ETA, emitted at most
// `hz` times a second (the last update always goes out) so a fast cache-hit run cannot flood the UI.
export interface ScoreProgress {
  done: number;
  total: number;
  elapsedMs: number;
  etaMs: number | null;
  /** Images the model ran on per second; cache hits are left out (null while none was computed). */
  imagesPerSecond: number | null;
  /** How many of `done` were answered from the result cache. */
  fromCache: number;
}

export class ProgressMeter {
  private readonly started = performance.now();
  private lastEmit = -Infinity;

  constructor(
    private readonly total: number,
    private readonly emit: (p: ScoreProgress) => void,
    private readonly hz = 10,
  ) {}

  update(done: number, fromCache = 0): void {
    const now = performance.now();
    if (done < this.total && now - this.lastEmit < 1000 / this.hz) return;
    this.lastEmit = now;
    const elapsedMs = now - this.started;
    // Cache hits come back in microseconds: counted in the rate they would claim a speed no
    // image was computed at. The ETA keeps the overall pace, since later files may be cached too.
    const computed = done - fromCache;
    const pace = done > 0 && elapsedMs > 0 ? done / (elapsedMs / 1000) : null;
    this.emit({
      done,
      total: this.total,
      elapsedMs,
      imagesPerSecond: computed > 0 && elapsedMs > 0 ? computed / (elapsedMs / 1000) : null,
      fromCache,
      etaMs: pace ? ((this.total - done) / pace) * 1000 : null,
    });
  }
}
