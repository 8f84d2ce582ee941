// Progress of a calibrate or adapt job: the common job fields plus the stage and epoch (the
// `adapt` field of job:progress).
import type { AdaptProgress } from '../../api/adaptation';

export interface AdaptProgressUpdate {
  done: number;
  total: number;
  etaMs: number | null;
  imagesPerSecond?: number;
  message?: string;
  adapt: AdaptProgress;
}
