// Progress for long batches: counts, images computed per second, cache hits, ETA, emitted at most
// `hz` times a second (the last update always goes out) so a fast cache-hit run cannot flood the UI.
export interface ScoreProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** Files left divided by the rate of computed images; null while none was computed. */
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
    // Cache hits come back in microseconds: counted in the pace they would claim a speed no image
    // was computed at, and after a resume (hundreds of hits first) an ETA of seconds for minutes of
    // work. The files still to come are taken as uncached: a resumed run finds its hits first.
    const computed = done - fromCache;
    const rate = computed > 0 && elapsedMs > 0 ? computed / (elapsedMs / 1000) : null;
    this.emit({
      done,
      total: this.total,
      elapsedMs,
      imagesPerSecond: rate,
      fromCache,
      // Nothing left: 0 even when no image was computed (an all-cached run ends with a known ETA).
      etaMs: done >= this.total ? 0 : rate ? ((this.total - done) / rate) * 1000 : null,
    });
  }
}
