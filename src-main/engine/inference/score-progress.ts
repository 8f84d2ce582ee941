// Progress for long batches: counts, images computed per second, cache hits, ETA, emitted at most
// `hz` times a second (the last update always goes out) so a fast cache-hit run cannot flood the UI.
export interface ScoreProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** The files left that are likely to need the model, at the recent rate; null while none was computed. */
  etaMs: number | null;
  /** Images the model ran on per second of computing, lately; cache hits are left out (null while none was computed). */
  imagesPerSecond: number | null;
  /** How many of `done` were answered from the result cache. */
  fromCache: number;
}

/** The rate follows the last this-many milliseconds of computing: a machine that slows down or speeds up shows within a minute. */
const RATE_WINDOW_MS = 30_000;
/** The share of cache hits among the files to come is read from the last this-many files. */
const HIT_WINDOW_FILES = 200;
const MAX_MARKS = 2000;

interface Mark {
  /** Milliseconds spent while images were computed, up to this mark. */
  computeMs: number;
  computed: number;
  done: number;
  fromCache: number;
}

export class ProgressMeter {
  private readonly started: number;
  private lastEmit = -Infinity;
  private lastAt: number;
  private computeMs = 0;
  /** Oldest first; trimmed to what the two windows need. */
  private marks: Mark[] = [{ computeMs: 0, computed: 0, done: 0, fromCache: 0 }];

  /** Where computing began (the files before it were all hits): the hit share is read after it. */
  private firstCompute: Mark | null = null;

  constructor(
    private readonly total: number,
    private readonly emit: (p: ScoreProgress) => void,
    private readonly hz = 10,
    private readonly windows = { rateMs: RATE_WINDOW_MS, hitFiles: HIT_WINDOW_FILES },
    /** The clock (tests give their own, so they assert exact figures). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.now();
    this.lastAt = this.started;
  }

  update(done: number, fromCache = 0): void {
    const now = this.now();
    const computed = done - fromCache;
    const last = this.marks[this.marks.length - 1];
    // Cache hits come back in microseconds: time in which only hits came back is not computing time,
    // or a resumed run (hundreds of hits first) would claim a rate no image was computed at.
    if (computed > last.computed) {
      this.computeMs += now - this.lastAt;
      // Every file before the first computed one was a hit: all hits so far are taken as that prefix.
      this.firstCompute ??= { ...last, done: fromCache, fromCache };
    }
    this.lastAt = now;
    if (done !== last.done) this.marks.push({ computeMs: this.computeMs, computed, done, fromCache });
    this.trim();
    if (done < this.total && now - this.lastEmit < 1000 / this.hz) return;
    this.lastEmit = now;
    const rate = this.rate(computed);
    // Files to come are hits in the share the recent files were, counted from where computing began:
    // a resumed run finds its hits first (none of them counts), a folder that grew has its new files
    // among cached ones (about that share of hits to come).
    const hitShare = this.recentHitShare(done, fromCache);
    const left = (this.total - done) * (1 - hitShare);
    this.emit({
      done,
      total: this.total,
      elapsedMs: now - this.started,
      imagesPerSecond: rate,
      fromCache,
      // Nothing left: 0 even when no image was computed (an all-cached run ends with a known ETA).
      etaMs: done >= this.total ? 0 : rate ? (left / rate) * 1000 : null,
    });
  }

  /** Images computed per second of computing over the last RATE_WINDOW_MS of it (all of it when shorter). */
  private rate(computed: number): number | null {
    if (computed <= 0 || this.computeMs <= 0) return null;
    const from = this.marks.find((m) => this.computeMs - m.computeMs <= this.windows.rateMs) ?? this.marks[0];
    const ms = this.computeMs - from.computeMs;
    const n = computed - from.computed;
    return n > 0 && ms > 0 ? n / (ms / 1000) : computed / (this.computeMs / 1000);
  }

  private recentHitShare(done: number, fromCache: number): number {
    let from = this.marks[0];
    for (let i = this.marks.length - 1; i >= 0; i--) {
      if (done - this.marks[i].done >= this.windows.hitFiles) {
        from = this.marks[i];
        break;
      }
    }
    if (this.firstCompute && this.firstCompute.done > from.done) from = this.firstCompute;
    const files = done - from.done;
    // One more file counted as needing the model (Laplace's rule): a stretch of hits never says
    // that nothing is left to compute while files are.
    return files > 0 ? (fromCache - from.fromCache) / (files + 1) : 0;
  }

  /** Drops marks older than both windows need (keeping one mark beyond each). */
  private trim(): void {
    const last = this.marks[this.marks.length - 1];
    let keepFrom = 0;
    for (let i = 0; i < this.marks.length - 1; i++) {
      const next = this.marks[i + 1];
      if (last.computeMs - next.computeMs > this.windows.rateMs && last.done - next.done >= this.windows.hitFiles) keepFrom = i + 1;
      else break;
    }
    // A long stretch of hits adds marks without computing time: bound them (the windows only shorten).
    if (this.marks.length - keepFrom > MAX_MARKS) keepFrom = this.marks.length - MAX_MARKS / 2;
    if (keepFrom > 0) this.marks = this.marks.slice(keepFrom);
  }
}
