// What Alveo keeps of patients' data on its own (batch-score caches with each image's DICOM
// attributes; studies retrieved from a PACS), and clearing it: `alveo cache` and the Models tab's
// "Stored patient data" both come here.

export interface CachedPatientData {
  /** `entries`: the images' scores (with their attributes) held, or removed from files kept. */
  scoreCaches: { files: number; entries: number; bytes: number };
  pacsStudies: { studies: number; bytes: number };
  /**
   * Readers' own reads ("Your read"): listed, never cleared with the caches (they are records the
   * readers made, not copies). Absent from what a clearing removed.
   */
  readerReads?: { reads: number; readers: number; bytes: number };
}

export interface ClearCachedSpec {
  /** Only what was last scored, used or retrieved more than this many days ago (a retention rule); absent: all of it. */
  olderThanDays?: number;
}

export interface RetentionApi {
  /** What is cached now. */
  cachedPatientData(): Promise<CachedPatientData>;
  /** Removes it (or only the older part) and says what went; refused while a batch run is scoring. */
  clearCachedPatientData(spec: ClearCachedSpec): Promise<CachedPatientData>;
}
