// Labelled datasets as the API shows them: what importing a folder found and how it was split by
// patient. Counts only: patient identifiers never leave the engine.
import type { Label } from './shared';

export type DatasetLayout = 'class-folders' | 'kermany' | 'rsna';
export type OfficialSplit = 'train' | 'val' | 'test';

export interface ClassCounts {
  NORMAL: number;
  PNEUMONIA: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** What importing a folder found (counts only: no patient identifiers). */
export interface DatasetSummary {
  root: string;
  layout: DatasetLayout;
  /** Usable images (byte-identical copies counted once). */
  images: ClassCounts;
  patients: ClassCounts;
  /** How patients were identified, e.g. { 'kermany-name': 5216 } or { dicom: 120, file: 3 }. */
  patientSources: Record<string, number>;
  /** Per official split folder (Kermany layout), images per class. */
  officialSplits?: Partial<Record<OfficialSplit, ClassCounts>>;
  skipped: { total: number; byReason: Record<string, number>; files: SkippedFile[] };
  duplicates: {
    /** Groups of byte-identical files (sha256). */
    groups: number;
    /** Extra copies not used for training (one copy is kept, preferring one that names its patient). */
    removed: number;
    /** Groups whose copies carry different labels: every copy is left out of training. */
    conflicting: number;
    examples: Array<{ files: string[]; labels: Label[] }>;
  };
  /** ratio: majority / minority images; null when a class has none. */
  imbalance: { positiveFraction: number; majority: Label; ratio: number | null };
  notes: string[];
}

export interface SplitPart {
  images: ClassCounts;
  patients: ClassCounts;
}

export interface SplitSummary {
  seed: number;
  rule: string;
  train: SplitPart;
  val: SplitPart;
  /** Held out (e.g. Kermany's official test folder): never used in training or threshold choice. */
  heldOut?: SplitPart;
  /** Images whose patient is unknown (one file counted as one patient): the split cannot keep their patients whole. */
  unidentifiedImages?: number;
  notes: string[];
}
