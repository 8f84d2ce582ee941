// Progress of a training run: throughput, ETA over the whole plan (remaining training images plus
// validation passes), and a throttle so listeners get at most ~10 updates a second.
import type { JobProgressUpdate } from '../jobs/job-runner';

/** A job progress update carrying the training details (job:progress's `training` field). */
export type TrainingProgressUpdate = JobProgressUpdate<'train'>;

export class TrainingClock {
  private trainImages = 0;
  private trainMs = 0;
  private valImages = 0;
  private valMs = 0;
  private lastSent = 0;

  constructor(
    private readonly plan: { epochs: number; trainPerEpoch: number; valPerEpoch: number },
    private readonly minIntervalMs = 100,
  ) {}

  trained(images: number, ms: number): void {
    this.trainImages += images;
    this.trainMs += ms;
  }

  validated(images: number, ms: number): void {
    this.valImages += images;
    this.valMs += ms;
  }

  get imagesPerSecond(): number | null {
    return this.trainMs > 0 ? (this.trainImages * 1000) / this.trainMs : null;
  }

  /** Estimated ms left, given images done in the current epoch (epochs count from 1). */
  etaMs(epoch: number, doneThisEpoch: number, validatedThisEpoch: boolean): number | null {
    const ips = this.imagesPerSecond;
    if (!ips) return null;
    // Until a validation pass was timed, assume inference runs ~3x faster than a training step.
    const valIps = this.valMs > 0 ? (this.valImages * 1000) / this.valMs : ips * 3;
    const epochsAfter = this.plan.epochs - epoch;
    const trainLeft = Math.max(0, this.plan.trainPerEpoch - doneThisEpoch) + epochsAfter * this.plan.trainPerEpoch;
    const valLeft = (validatedThisEpoch ? 0 : this.plan.valPerEpoch) + epochsAfter * this.plan.valPerEpoch;
    return Math.round((trainLeft / ips + valLeft / valIps) * 1000);
  }

  /** True when an update should go out now (always for `force`). */
  due(force = false): boolean {
    const now = Date.now();
    if (!force && now - this.lastSent < this.minIntervalMs) return false;
    this.lastSent = now;
    return true;
  }
}
