// Errors from talking to a PACS, in plain words that name the node (never a password, never
// patient data): unreachable, association rejected, unknown AE title, authentication, timeout,
// study not found, refused by the PACS, our AE title unknown to it as a move destination, cancelled.
import { AlveoError, type AlveoErrorCode } from '../../api/errors';
import { describeNode, type DimseNode, type PacsNode } from './pacs-node';

export type PacsFailure = 'unreachable' | 'rejected' | 'unknown-ae' | 'auth' | 'timeout' | 'tls' | 'not-found' | 'refused' | 'move-destination' | 'protocol' | 'cancelled';

const CODES: Record<PacsFailure, AlveoErrorCode> = {
  unreachable: 'NETWORK',
  rejected: 'NETWORK',
  'unknown-ae': 'NETWORK',
  auth: 'NETWORK',
  timeout: 'NETWORK',
  tls: 'NETWORK',
  'not-found': 'NOT_FOUND',
  refused: 'NETWORK',
  'move-destination': 'NETWORK',
  protocol: 'NETWORK',
  cancelled: 'CANCELLED',
};

export class PacsError extends AlveoError {
  constructor(
    readonly failure: PacsFailure,
    readonly node: string,
    /** What went wrong, without the node (the message adds it in front). */
    readonly detail: string,
  ) {
    super(CODES[failure], `PACS ${node}: ${detail}`);
    this.name = 'PacsError';
  }
}

export function pacsError(node: PacsNode, failure: PacsFailure, message: string): PacsError {
  return new PacsError(failure, describeNode(node), message);
}

/**
 * What to check when a PACS rejects or aborts an association before answering a query, retrieve or
 * store: most often it does not know our calling AE title (Orthanc: "This AET is not listed in
 * configuration option DicomModalities"), while answering C-ECHO from anyone.
 */
export function callingAeHint(node: DimseNode): string {
  return `check that the PACS knows Alveo's AE title '${node.callingAe}' (with this computer's address) — a C-ECHO may pass without it`;
}

/** A socket-level error (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, TLS …) in plain words. */
export function socketError(node: PacsNode, err: unknown): PacsError {
  if (err instanceof PacsError) return err;
  const e = err as NodeJS.ErrnoException & { reason?: string };
  // dcmjs-dimse wraps socket errors in a message ("Connection error: connect ECONNREFUSED …").
  const code = e?.code ?? /\b(E[A-Z_]{4,})\b/.exec(e?.message ?? '')?.[1] ?? '';
  const where = node.kind === 'dimse' ? `${node.host}:${node.port}` : new URL(node.url).host;
  if (code === 'ECONNREFUSED') return pacsError(node, 'unreachable', `unreachable: nothing accepts connections at ${where} (connection refused)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return pacsError(node, 'unreachable', `unreachable: the host name in ${where} does not resolve`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return pacsError(node, 'unreachable', `unreachable: no route to ${where}`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return pacsError(node, 'unreachable', `the connection to ${where} was closed by the other side`);
  if (code === 'ETIMEDOUT' || /time ?out/i.test(e?.message ?? '')) return pacsError(node, 'timeout', `no answer from ${where} within ${node.timeoutMs < 10_000 ? (node.timeoutMs / 1000).toFixed(1) : Math.round(node.timeoutMs / 1000)} s`);
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code) || /certificate/i.test(e?.message ?? '')) return pacsError(node, 'tls', `TLS failed: ${e?.message ?? code}`);
  if (code === 'ABORT_ERR' || e?.name === 'AbortError') return pacsError(node, 'cancelled', 'cancelled');
  // 72 is 'H' of "HTTP/1.1 400": a web server answered the DICOM association request.
  if (node.kind === 'dimse' && /Unknown PDU type: 72\b/.test(e?.message ?? '')) {
    return pacsError(node, 'protocol', `${where} answered with HTTP, not DICOM: is it the PACS's web port? Give its DICOM port, or use it as a DICOMweb node (http://${where}/dicom-web)`);
  }
  return pacsError(node, 'protocol', e?.message ?? String(err));
}
