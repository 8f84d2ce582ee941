// The reader's own read of an image, recorded beside the AI's: what a second-reader tool is for.
// Kept per image (by content, so the same file opened from anywhere finds it), carried into the
// DICOM SR as a person's observation next to the model's, and summarised as agreement (alveo reads).
import type { Label } from './shared';

export const READER_FINDINGS = ['pneumonia', 'no-pneumonia', 'indeterminate'] as const;
export type ReaderFinding = (typeof READER_FINDINGS)[number];

export interface ReaderReadInput {
  finding: ReaderFinding;
  /** Free text, e.g. "RLL consolidation"; '' or absent: none. */
  note?: string;
  /** Whether the AI's answer was on screen when the read was recorded (else it was read first, blind to it). */
  afterAi: boolean;
}

/** The model's answer for the same image when the read was recorded. */
export interface ReaderReadAi {
  label: Label;
  probability: number;
  threshold: number;
  model: string;
  /** Held back by intended-use warnings: its label is not a finding and agreement leaves it out. */
  heldBack: boolean;
}

export interface ReaderRead extends ReaderReadInput {
  /** The OS user who recorded it (as the audit trail names users). */
  reader: string;
  /** ISO 8601. */
  at: string;
  /** The image as opened when recorded. */
  file: string;
  /** DICOM: the image's SOP Instance UID and study. */
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  ai?: ReaderReadAi;
}

export interface ReaderReadsApi {
  /** Records the reader's read of an open study (replacing an earlier one of the same image). */
  recordRead(studyId: string, read: ReaderReadInput): Promise<ReaderRead>;
  /** The read recorded for the image an open study shows, if any. */
  getRead(studyId: string): Promise<ReaderRead | null>;
  /** Removes it (recorded by mistake); nothing happens when there is none. */
  clearRead(studyId: string): Promise<void>;
  /** The reads recorded on these files, as opened (the worklist's rows): no file is read for it. */
  listReads(files: string[]): Promise<ReaderRead[]>;
}
