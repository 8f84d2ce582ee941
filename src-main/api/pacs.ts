// PACS nodes configured by the user, study search and retrieve (the 'retrieve' job), and results
// written as DICOM (an SR + a Grad-CAM Secondary Capture) to a folder or sent to a node.
import type { JobRef } from './shared';

/** A node as the app lists it: never its password. */
export interface PacsNodeConfig {
  id: string;
  /** What the user calls it, e.g. "Radiology PACS". */
  name: string;
  /** http(s)://host/…/dicom-web (DICOMweb) or AET@host:port (DIMSE). */
  address: string;
  /** DIMSE: our AE title (default ALVEO). */
  callingAe?: string;
  /** DIMSE: retrieve by C-MOVE to this local port (the PACS must know our AE title there); else C-GET. */
  movePort?: number;
  /** DIMSE, C-MOVE: hosts besides the node's own the PACS stores from (anyone else is refused). */
  moveFrom?: string[];
  /** DICOMweb: the user name for basic authentication. */
  username?: string;
  hasPassword: boolean;
  /** Where the password lives: the OS keychain (Electron safeStorage), or this session only. */
  passwordStorage: 'keychain' | 'session' | 'none';
}

export interface PacsNodeInput {
  /** Absent: a new node. */
  id?: string;
  name: string;
  address: string;
  callingAe?: string;
  movePort?: number;
  moveFrom?: string[];
  username?: string;
  /** A new password; '' removes it; absent keeps the stored one. */
  password?: string;
}

export interface PacsStudyQuery {
  patientId?: string;
  /** DICOM wildcards allowed: DOE* */
  patientName?: string;
  /** YYYYMMDD; either end may be missing. */
  dateFrom?: string;
  dateTo?: string;
  /** e.g. ['CR', 'DX']: studies holding any of them. */
  modalities?: string[];
  limit?: number;
}

export interface PacsStudy {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  studyDate: string;
  modalities: string[];
  description: string;
  /** Number of instances, when the PACS says. */
  instances: number | null;
  /** Accession Number and Study Time (HHMMSS…), when the PACS says. */
  accessionNumber?: string;
  studyTime?: string;
}

export interface PacsRetrieveSpec {
  nodeId: string;
  studyInstanceUid: string;
}

/** A study in the local cache (user folder), complete: a retrieve that stopped leaves none. */
export interface PacsRetrieveResult {
  studyInstanceUid: string;
  folder: string;
  files: string[];
  /** True when it was already in the cache (nothing was fetched). */
  cached: boolean;
  /**
   * Said when it is not the plain story: a cached copy that could not be checked against the PACS,
   * a study retrieved again because the PACS now holds other images, images that failed.
   */
  note?: string;
}

export interface DicomResultFiles {
  studyInstanceUid: string;
  sr: string;
  sc: string;
  /** Source attributes left out as invalid (named, never their values). */
  notes: string[];
}

/** A result stored on a node, remembered in <user folder>/pacs/sent.json: a repeat is never silent. */
export interface PacsSentRecord {
  /** The source image's SOP Instance UID. */
  sopInstanceUid: string;
  nodeId: string;
  /** The node's name when it was sent. */
  nodeName: string;
  /** ISO time of the send. */
  at: string;
  srInstanceUid: string;
  scInstanceUid: string;
}

/** What Alveo knows about a study of the PACS beyond this session. */
export interface PacsStudyHistory {
  studyInstanceUid: string;
  /** The node its cached copy was last retrieved from (null: unknown, or that node was deleted). */
  originNodeId: string | null;
  /** Results sent for its images, oldest first. */
  sent: PacsSentRecord[];
  /** SOP Instance UIDs of images that an Alveo result in the cached study already refers to. */
  resultsInStudy: string[];
}

/** What was sent; the SR and capture themselves live on the node only (no local copy is kept). */
export interface PacsSendResult extends Omit<DicomResultFiles, 'sr' | 'sc'> {
  node: string;
  /** The record kept of it (absent when the source had no SOP Instance UID to key it by). */
  record?: PacsSentRecord;
}

/** Files (e.g. a worklist's scored rows) -> an SR + Grad-CAM capture per DICOM, in outDir. */
export interface DicomResultsSpec {
  files: string[];
  outDir: string;
  modelId?: string;
  /** Whose reads ("Your read") the SRs carry: the name under "Reading as"; the OS user when absent. */
  reader?: string;
}

export interface DicomResultsSummary {
  written: number;
  /** JPEG/PNG files (and DICOMs without study UIDs): nothing to attach a DICOM result to. */
  skipped: number;
  /** Files that could not be read or written, with why (the message without the file name). */
  failed: { file: string; error: string }[];
  /** Files whose results leave source values empty (invalid for their VR, an undeclared character set), each named. */
  notes?: { file: string; notes: string[] }[];
}

export interface PacsApi {
  listPacsNodes(): Promise<PacsNodeConfig[]>;
  savePacsNode(node: PacsNodeInput): Promise<PacsNodeConfig>;
  deletePacsNode(nodeId: string): Promise<void>;
  /** C-ECHO or a minimal QIDO-RS search; resolves with the round trip in ms. */
  echoPacsNode(nodeId: string): Promise<number>;
  findPacsStudies(nodeId: string, query: PacsStudyQuery): Promise<PacsStudy[]>;
  /** Retrieves a study into the cache: a 'retrieve' job (progress, cancel). */
  startPacsRetrieve(spec: PacsRetrieveSpec): Promise<JobRef>;
  /** Writes the open study's result as SR + Secondary Capture into outDir. */
  saveResultAsDicom(studyId: string, outDir: string, modelId?: string): Promise<DicomResultFiles>;
  /** Writes the result as DICOM to a scratch folder, stores both files on the node, removes the scratch. */
  sendResultToPacs(studyId: string, nodeId: string, modelId?: string): Promise<PacsSendResult>;
  /** Where a study came from and what was sent for it, remembered across restarts. */
  pacsStudyHistory(studyInstanceUid: string): Promise<PacsStudyHistory>;
  /** saveResultAsDicom for many files: a 'dicom-results' job (progress, cancel after a file). */
  startDicomResults(spec: DicomResultsSpec): Promise<JobRef>;
}
