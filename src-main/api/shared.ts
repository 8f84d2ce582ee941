// The leaf of the contract: small types every feature file uses. It imports nothing, so a
// newcomer can read it first and no file of src-main/api can form a cycle through it.

export type Label = 'PNEUMONIA' | 'NORMAL';

/** What a start* method answers at once; the work reports through job events (jobs.ts). */
export interface JobRef {
  jobId: string;
}

/**
 * What a cancelled job does with what it made so far: 'keep' (e.g. a training run's best
 * checkpoint is saved as a model) or 'discard'. Jobs that make nothing to keep ignore it.
 */
export type CancelChoice = 'keep' | 'discard';

export interface WindowLevel {
  center: number;
  width: number;
}

export type Unsubscribe = () => void;
