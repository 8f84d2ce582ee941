// A PACS node as the user writes it: a DICOMweb root (http(s)://host/…/dicom-web) or a DIMSE
// peer (AET@host:port). Credentials never appear in describe(), so errors can name the node.
import { isIP } from 'node:net';
import { AlveoError } from '../../api/errors';

export const DEFAULT_CALLING_AE = 'ALVEO';
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface DicomWebNode {
  kind: 'dicomweb';
  /** What the user named it in the app (errors say it beside the address). */
  name?: string;
  /** The root without credentials and without a trailing slash. */
  url: string;
  username?: string;
  password?: string;
  /** PEM certificate authority to trust (a hospital's own CA), besides the system's. */
  ca?: string;
  /** Default true; false accepts any certificate (self-signed test servers). */
  rejectUnauthorized?: boolean;
  timeoutMs: number;
}

export interface DimseNode {
  kind: 'dimse';
  /** What the user named it in the app (errors say it beside the address). */
  name?: string;
  calledAe: string;
  host: string;
  port: number;
  callingAe: string;
  timeoutMs: number;
  /** Retrieve by C-MOVE to this local port (the PACS must know callingAe there); else C-GET. */
  movePort?: number;
  /** Hosts besides `host` the PACS stores from on a C-MOVE (its storage on other machines). */
  moveFrom?: string[];
}

export type PacsNode = DicomWebNode | DimseNode;

export interface NodeOptions {
  callingAe?: string;
  movePort?: number;
  moveFrom?: string[];
  timeoutMs?: number;
  username?: string;
  password?: string;
  ca?: string;
  rejectUnauthorized?: boolean;
}

/** A character as a message shows it: a control character by its code point, anything else non-ASCII with it (a no-break space looks like a space). */
function shownCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const point = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return point;
  return code < 0x7f ? `'${c}'` : `'${c}' (${point})`;
}

/**
 * AE titles: 1-16 characters of DICOM's default repertoire (PS3.5 Table 6.2-1: printable ASCII
 * without backslash), not all spaces. Anything else (an umlaut, a kanji) is refused here: the PACS
 * could never match it, and dcmjs-dimse cannot even write it into an association request.
 */
export function checkAeTitle(ae: string, what: string): string {
  // Leading and trailing spaces are padding, not part of the title (PS3.5 6.2); nothing else is trimmed.
  const t = ae.replace(/^ +| +$/g, '');
  const allowed = 'up to 16 ASCII letters, digits, spaces and punctuation other than backslash, as DICOM allows in an AE title';
  const bad = [...t].find((c) => !/^[\x20-\x5b\x5d-\x7e]$/.test(c));
  if (bad !== undefined) throw new AlveoError('BAD_ARGUMENT', `${what} '${ae}' is not a valid AE title: ${shownCharacter(bad)} is not allowed (${allowed})`);
  if (!t) throw new AlveoError('BAD_ARGUMENT', `${what} '${ae}' is not a valid AE title: it is empty or all spaces (${allowed})`);
  if (t.length > 16) throw new AlveoError('BAD_ARGUMENT', `${what} '${ae}' is not a valid AE title: it has ${t.length} characters (${allowed})`);
  return t;
}

/**
 * Whether two PACS node names are the same name: letter case aside, and in whichever Unicode form
 * they were typed ("München" typed on one keyboard is NFC, pasted from a macOS file name NFD).
 */
export function sameNodeName(a: string, b: string): boolean {
  const key = (name: string) => name.normalize('NFC').trim().toLowerCase();
  return key(a) === key(b);
}

/** A host name or an IP address as the user may list it ("pacs-store-2", "10.1.2.3", "fe80::1"). */
export function checkMoveSender(host: string): string {
  const h = host.trim().replace(/^\[|\]$/g, '');
  if (!h || h.length > 253 || (!isIP(h) && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$/.test(h))) {
    throw new AlveoError('BAD_ARGUMENT', `'${host}' is not a host name or IP address (a machine the PACS stores from)`);
  }
  return h;
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new AlveoError('BAD_ARGUMENT', `receive port ${port} is not a port number (1-65535)`);
  return port;
}

export function parsePacsNode(text: string, opts: NodeOptions = {}): PacsNode {
  const s = text.trim();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (/^https?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new AlveoError('BAD_ARGUMENT', `'${s}' is not a valid URL`);
    }
    const username = opts.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
    const password = opts.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return {
      kind: 'dicomweb',
      url: url.toString().replace(/\/+$/, ''),
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      timeoutMs,
    };
  }
  const m = /^([^@]+)@(\[[^\]]+\]|[^:@]+):(\d{1,5})$/.exec(s);
  if (!m) throw new AlveoError('BAD_ARGUMENT', `'${s}' is not a PACS node: write http(s)://host/…/dicom-web (DICOMweb) or AET@host:port (DIMSE)`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new AlveoError('BAD_ARGUMENT', `'${s}': port ${port} is out of range`);
  return {
    kind: 'dimse',
    calledAe: checkAeTitle(m[1], 'called AE title'),
    host: m[2].replace(/^\[|\]$/g, ''),
    port,
    callingAe: checkAeTitle(opts.callingAe ?? DEFAULT_CALLING_AE, 'calling AE title'),
    timeoutMs,
    ...(opts.movePort !== undefined ? { movePort: checkPort(opts.movePort) } : {}),
    ...(opts.moveFrom?.length ? { moveFrom: opts.moveFrom.map(checkMoveSender) } : {}),
  };
}

/** The node's address as errors and logs say it: never a password. */
export function nodeAddress(node: PacsNode): string {
  return node.kind === 'dicomweb' ? node.url : `${node.calledAe}@${node.host}:${node.port}`;
}

/**
 * How errors and logs name the node: "Dead node (DEAD@127.0.0.1:9)" for a node the user named
 * (the name is what they know it by, the address what to check), else the address alone.
 */
export function describeNode(node: PacsNode): string {
  const address = nodeAddress(node);
  const name = node.name?.trim();
  return name && name !== address ? `${name} (${address})` : address;
}
