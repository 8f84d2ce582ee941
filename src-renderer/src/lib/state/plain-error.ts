// Says an engine error in plain words: a short heading for the kind of problem, then the detail.
import { ApiError } from '../api/create-api-client';
import { SESSION_ENDED } from '../api/session-ended';

export interface PlainError {
  title: string;
  detail: string;
}

const TITLES: Record<string, string> = {
  NOT_FOUND: 'Not found',
  NOT_AN_IMAGE: 'Not an image Alveo can read',
  CORRUPT: 'The file is damaged or incomplete',
  UNSUPPORTED: 'This image format is not supported',
  NO_PIXELS: 'The file holds no image',
  TOO_LARGE: 'The image is too large',
  NO_MODEL: 'No AI model is available',
  BAD_ARGUMENT: 'Alveo refused the request',
  CANCELLED: 'Cancelled',
  NETWORK: 'The PACS could not be reached or refused',
  STORAGE: 'A file could not be saved or read',
  INTERNAL: 'Something went wrong inside Alveo',
};

/** A node's address: AET@host:port (DIMSE) or http(s)://… (DICOMweb); never holds ' (' or '): '. */
const ADDRESS = String.raw`(?:[^\s()@]+@[^\s()]+:\d+|https?://[^\s()]+?)`;
/**
 * "PACS Dead node (DEAD@host:9): unreachable: …", or for a node without a name "PACS ORTHANC@host:4242: …"
 * / "PACS https://host/dicom-web: …": the node, then the cause. The address anchors the split, so a
 * name holding ': ' or parentheses, or a cause holding "(HTTP 401): ", stays whole.
 */
const PACS_MESSAGE = new RegExp(String.raw`^PACS (.+? \(${ADDRESS}\)|${ADDRESS}): (.+)$`, 's');

export function plainError(err: unknown, context?: string): PlainError {
  if (err instanceof ApiError && err.message === SESSION_ENDED) return { title: 'This Alveo session has ended', detail: err.message };
  if (err instanceof ApiError) {
    // A PACS error already reads "PACS <node>: <cause>" (engine/pacs/pacs-error.ts): a heading in
    // front ("The PACS could not be reached…") said it twice, so the node is the heading.
    const pacs = err.code === 'NETWORK' ? PACS_MESSAGE.exec(err.message) : null;
    if (pacs) return { title: `PACS ${pacs[1]}`, detail: pacs[2] };
    return { title: TITLES[err.code] ?? 'Something went wrong', detail: err.message };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { title: context ?? 'Something went wrong', detail };
}
