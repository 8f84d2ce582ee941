// `alveo pacs … --server NAME`: a node saved in the app (the user folder's pacs/nodes.json), by its
// name or id, so a nightly script and the reading room use one configuration. Its password, if
// any, lives in the desktop's keychain, which the CLI cannot read: ALVEO_PACS_PASSWORD gives it.
import type { PacsNodeConfig } from '../api/contract';
import { PacsNodeStore } from '../engine/pacs/pacs-node-store';
import { sameNodeName } from '../engine/pacs/pacs-node';
import { UsageError } from './cli-conventions';

/** Whether --server holds an address (a URL or AET@host:port) rather than a saved node's name. */
export function isNodeAddress(server: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(server.trim()) || server.includes('@');
}

/**
 * The saved node called `server` (name, case-insensitive and in any Unicode form, or id); a usage
 * error listing the saved ones otherwise.
 */
export async function savedPacsNode(userDir: string, server: string, env: NodeJS.ProcessEnv = process.env): Promise<PacsNodeConfig> {
  const nodes = await new PacsNodeStore(userDir).list();
  const found = nodes.find((n) => sameNodeName(n.name, server)) ?? nodes.find((n) => n.id === server.trim());
  if (!found) {
    const saved = nodes.length ? `saved nodes: ${nodes.map((n) => `'${n.name}'`).join(', ')}` : 'no node is saved (the app\'s PACS tab saves them)';
    throw new UsageError(`--server '${server}' is neither an address (http(s)://host/…/dicom-web or AET@host:port) nor a saved node's name; ${saved}`);
  }
  // A session password is gone with its session, a keychain one is the desktop's: either way a
  // node that signs in needs ALVEO_PACS_PASSWORD here.
  if ((found.hasPassword || found.username) && !env.ALVEO_PACS_PASSWORD) {
    const kept = found.passwordStorage === 'keychain' ? "its password is in the desktop app's keychain, which the CLI cannot read" : 'its password is not stored';
    throw new UsageError(`PACS node '${found.name}' signs in${found.username ? ` as '${found.username}'` : ''} and ${kept}: give it in ALVEO_PACS_PASSWORD`);
  }
  return found;
}

/** The one saved node at exactly this address, if any: a send by address is remembered under it. */
export async function savedNodeAt(userDir: string, address: string): Promise<PacsNodeConfig | null> {
  const at = (await new PacsNodeStore(userDir).list().catch(() => [])).filter((n) => n.address.trim() === address.trim());
  return at.length === 1 ? at[0] : null;
}
