// The worklist's engine side: the folder chooser's listing, thumbnails and the CSV export.
import type { CsvStyle } from './csv-style';
import type { WorklistView } from './worklist-view';

/** One entry of a folder listing (the web UI's folder chooser). */
export interface DirectoryEntry {
  name: string;
  path: string;
  /** 'image': an extension Alveo scores (or none: maybe DICOM); 'file': anything else. */
  kind: 'folder' | 'image' | 'file';
}

export interface DirectoryListing {
  path: string;
  parent: string | null;
  entries: DirectoryEntry[];
  /** Image-like files directly in this folder. */
  images: number;
  truncated: boolean;
  /** Places to jump to: the home folder and the file-system root(s). */
  roots: string[];
}

/** A small JPEG of a study as displayed by default (worklist rows). */
export interface Thumbnail {
  file: string;
  width: number;
  height: number;
  /** The study's own size. */
  rows: number;
  columns: number;
  mime: 'image/jpeg' | 'image/png';
  data: Uint8Array;
}

/** Which rows of a scoring run to export: the same view the worklist shows (worklist-view.ts). */
export interface WorklistExportSpec {
  jobId: string;
  view: WorklistView;
  /** Rows the worklist had received when the user asked (rows arriving later are left out). */
  count?: number;
  includeIdentifiers: boolean;
  /** Write the CSV here (atomically); without it the CSV text comes back (browser download). */
  file?: string;
  /** Delimiter, decimal sign and byte-order mark (csv-style.ts); default 'scripts'. */
  csvStyle?: CsvStyle;
  /** The older form of csvStyle 'excel' (a UTF-8 byte-order mark); not given together with csvStyle. */
  bom?: boolean;
  /** Replace `file` when it exists; without it an existing file is left alone (answer: exists). */
  overwrite?: boolean;
}

export interface WorklistExport {
  file: string | null;
  rows: number;
  columns: string[];
  csv: string | null;
  /** `file` exists and `overwrite` was not set: nothing was written (ask the user, then overwrite). */
  exists?: boolean;
}

export interface WorklistApi {
  listDirectory(path?: string): Promise<DirectoryListing>;
  getThumbnail(file: string, size?: number): Promise<Thumbnail>;
  exportWorklist(spec: WorklistExportSpec): Promise<WorklistExport>;
  /** The last batch-scoring run of this user folder (also one cut short by a crash), or null. */
  getLastScoreRun(): Promise<LastScoreRun | null>;
}

/** The last scoring run as the user folder remembers it, so a worklist can be offered again after a restart. */
export interface LastScoreRun {
  folder: string;
  recursive: boolean;
  oneView: boolean;
  /** The run scored only these sub-folders of `folder` (ScoreSpec.subfolders). */
  subfolders?: string[];
  /** ScoreSpec.label. */
  label?: string;
  modelId: string | null;
  /** ISO time. */
  startedAt: string;
  /** 'interrupted': it never ended (the app or host stopped while it ran). */
  outcome: 'done' | 'cancelled' | 'failed' | 'interrupted';
  /** Images done when last recorded, of `total` (null before the first progress). */
  done: number;
  total: number | null;
  /**
   * Not ended, and the Alveo process that runs it is still alive on this machine (the command line,
   * another window): it is not cut short, and scoring it here too would only double the work.
   */
  elsewhere?: boolean;
}
