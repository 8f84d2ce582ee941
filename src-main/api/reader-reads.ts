// The reader's own read of an image, recorded beside the AI's: what a second-reader tool is for.
// Kept per reader and image (by content, so the same file opened from anywhere finds it), carried
// into the DICOM SR as a person's observation next to the model's, and summarised as agreement
// (alveo reads). A read made before the model's answer was shown stays on record as the first read
// when the reader changes their finding afterwards: that change is what a reader study measures.
import type { Label } from './shared';

export const READER_FINDINGS = ['pneumonia', 'no-pneumonia', 'indeterminate'] as const;
export type ReaderFinding = (typeof READER_FINDINGS)[number];

export interface ReaderReadInput {
  finding: ReaderFinding;
  /** Free text, e.g. "RLL consolidation"; '' or absent: none. */
  note?: string;
  /**
   * Whether the AI's answer was on screen when the read was recorded (else it was read first,
   * blind to it). The engine takes it as true for any later change: the answer shows once a read exists.
   */
  afterAi: boolean;
  /** Who reads, as they want to be named (e.g. "Smith^Jane"); the OS user when absent. */
  reader?: string;
  /** Milliseconds from the image on screen to this first finding (a reader study's time per read); kept only for a first read. */
  readingMs?: number;
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

/** A finding as first recorded, kept when the reader changed it later. */
export interface FirstReaderRead {
  finding: ReaderFinding;
  at: string;
  afterAi: boolean;
}

export interface ReaderRead {
  /** The reader's finding now. */
  finding: ReaderFinding;
  note?: string;
  /** Whether the model's answer had been shown when this finding was recorded. */
  afterAi: boolean;
  /** Who recorded it: the name given, else the OS user (as the audit trail names users). */
  reader: string;
  /** When this finding was recorded (ISO 8601); a note changed later does not move it. */
  at: string;
  /** The first finding, when the reader changed it since (or recorded again after clearing it). */
  first?: FirstReaderRead;
  /** Milliseconds from the image on screen to the first finding, when the app measured it. */
  readingMs?: number;
  /** The image as opened when recorded. */
  file: string;
  /** First 16 hex digits of the image file's SHA-256 and the frame read: the image, wherever it is. */
  image?: string;
  /** DICOM: the image's SOP Instance UID and study. */
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  ai?: ReaderReadAi;
}

export interface ReaderReadsApi {
  /** Records the reader's read of an open study: a new finding, or the same one with another note (only the note changes). */
  recordRead(studyId: string, read: ReaderReadInput): Promise<ReaderRead>;
  /** This reader's read of the image an open study shows, if any (another reader's is never shown). */
  getRead(studyId: string, reader?: string): Promise<ReaderRead | null>;
  /**
   * Withdraws it (recorded by mistake). The image stays known as read: a finding recorded again
   * is one made after the model's answer was shown, with the withdrawn one kept as the first.
   */
  clearRead(studyId: string, reader?: string): Promise<void>;
  /** This reader's reads on these files, as opened (the worklist's rows): no file is read for it. */
  listReads(files: string[], reader?: string): Promise<ReaderRead[]>;
}

/**
 * Whether the reader's read agrees with the model's label at its threshold; null when either has
 * no finding to compare (an indeterminate read, an answer held back by intended-use warnings).
 */
export function readerAgrees(reader: Pick<ReaderRead, 'finding'>, model: { label: Label; heldBack: boolean }): boolean | null {
  if (reader.finding === 'indeterminate' || model.heldBack) return null;
  return (reader.finding === 'pneumonia') === (model.label === 'PNEUMONIA');
}
