// Who may store into a C-MOVE receive port. The port is open to the network for the length of a
// retrieve; the instances arriving there become the study the radiologist reads. Only the PACS
// asked to move may call: an association from its own address, or from an address the user listed
// for a PACS whose storage runs on other machines (a cluster, a gateway). Anyone else is refused
// before any data and named in the error when nothing arrived.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { pacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';

export interface MoveSenders {
  /** Whether an association from this remote address may store into the port. */
  allows(address: string | undefined): boolean;
  /** The addresses accepted, as said in errors. */
  readonly addresses: readonly string[];
}

/** '::ffff:10.0.0.5' (an IPv4 peer on a dual-stack socket) is 10.0.0.5; a zone index is not part of the host. */
export function canonicalAddress(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  // One spelling per IPv6 address (zeros compressed, as sockets report them): the URL parser's.
  const v6 = isIP(a) === 6 ? new URL(`http://[${a}]/`).hostname.replace(/^\[|\]$/g, '') : a;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(v6);
  if (mapped) return mapped[1];
  // The URL parser writes a mapped IPv4 address in hex (::ffff:a00:5): back to dotted.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (hex) {
    const [h, l] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return `${h >> 8}.${h & 255}.${l >> 8}.${l & 255}`;
  }
  return v6;
}

/** The node's own host and the listed ones, each resolved to every address it has. */
export async function moveSenders(node: DimseNode): Promise<MoveSenders> {
  const hosts = [node.host, ...(node.moveFrom ?? [])];
  const addresses = new Set<string>();
  for (const host of hosts) {
    if (isIP(host)) {
      addresses.add(canonicalAddress(host));
      continue;
    }
    try {
      for (const { address } of await lookup(host, { all: true })) addresses.add(canonicalAddress(address));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw pacsError(node, 'unreachable', `cannot resolve '${host}' (${code}), so the receive port could not tell the PACS's stores from anyone else's`);
    }
  }
  const list = [...addresses];
  return { addresses: list, allows: (address) => address !== undefined && addresses.has(canonicalAddress(address)) };
}
