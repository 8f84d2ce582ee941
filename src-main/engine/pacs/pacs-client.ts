// What Alveo asks of a PACS, whichever protocol the node speaks. Every call opens its own
// connection (or association) and closes it: no socket exists unless a node is used.
import type { PacsNode } from './pacs-node';
import type { StudyMatch, StudyQuery } from './study-query';

export interface RetrievedInstance {
  sopInstanceUid: string;
  /** Writes the instance as a DICOM Part-10 file at `path`. */
  writeTo(path: string): Promise<void>;
}

export interface TransferProgress {
  done: number;
  /** Known once the PACS says how many (C-GET pending responses, QIDO instance list). */
  total: number | null;
}

export interface TransferOptions {
  signal?: AbortSignal;
  progress?: (p: TransferProgress) => void;
}

/** One instance of a study as the PACS lists it: enough to retrieve it alone. */
export interface InstanceRef {
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

export interface StoredFile {
  file: string;
  sopInstanceUid: string;
  ok: boolean;
  error?: string;
  /** Stored, with something to say (sent uncompressed to a server that refused the file's syntax). */
  note?: string;
}

export interface PacsClient {
  readonly node: PacsNode;
  /** C-ECHO, or a minimal QIDO-RS search for DICOMweb: reachable, accepted, logged in. */
  echo(signal?: AbortSignal): Promise<void>;
  findStudies(query: StudyQuery, signal?: AbortSignal): Promise<StudyMatch[]>;
  /** Hands every instance of the study to `sink` as it arrives; resolves with the count. */
  retrieveStudy(studyInstanceUid: string, sink: (instance: RetrievedInstance) => Promise<void>, opts?: TransferOptions): Promise<{ instances: number; failed: number }>;
  /** Every instance the PACS holds in the study (none when it holds no such study). */
  findInstances(studyInstanceUid: string, signal?: AbortSignal): Promise<InstanceRef[]>;
  /** Hands the listed instances of the study to `sink` as they arrive; resolves with the count. */
  retrieveInstances(studyInstanceUid: string, instances: InstanceRef[], sink: (instance: RetrievedInstance) => Promise<void>, opts?: TransferOptions): Promise<{ instances: number; failed: number }>;
  store(files: string[], opts?: TransferOptions): Promise<StoredFile[]>;
}
