// The PACS nodes a user configured, in <user folder>/pacs/nodes.json (written atomically).
// Passwords: encrypted with the host's SecretStore when there is one, else held for the session.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PacsNodeConfig, PacsNodeInput } from '../../api/pacs';
import { AlveoError } from '../../api/errors';
import { writeFileAtomic } from '../files/atomic-files';
import { withFileLock } from '../files/file-lock';
import { DamagedJsonFile, isJsonObject, jsonKind, newerFormat, readJsonObject } from '../files/read-json-object';
import { parsePacsNode, sameNodeName, type NodeOptions, type PacsNode } from './pacs-node';
import type { SecretStore } from './secret-store';

/** nodes.json's format (0.2.0 wrote none: read as 1). */
const NODES_VERSION = 1;

/** A node as nodes.json holds it: what is listed, and the password only as `secret`. */
type StoredNode = Omit<PacsNodeConfig, 'hasPassword' | 'passwordStorage'> & {
  /** base64 of SecretStore.encrypt(password) */
  secret?: string;
  /** A password was given but could only be kept for that session (no system keychain). */
  sessionPassword?: true;
};

const WORDS = { what: 'the PACS node list', advice: 'mend it, or move it away to start a new list' };

/** What is wrong with one stored node (the fields list(), node() and save() read), or null. Never quotes a value: one may be a secret. */
function storedNodeProblem(n: unknown): string | null {
  if (!isJsonObject(n)) return `it is ${jsonKind(n)}, not an object`;
  for (const field of ['id', 'name', 'address'] as const) if (typeof n[field] !== 'string' || !n[field]) return `'${field}' is ${jsonKind(n[field])}, not a non-empty string`;
  for (const field of ['callingAe', 'username', 'secret'] as const) if (n[field] !== undefined && typeof n[field] !== 'string') return `'${field}' is ${jsonKind(n[field])}, not a string`;
  if (n.movePort !== undefined && !(typeof n.movePort === 'number' && Number.isInteger(n.movePort))) return `'movePort' is ${jsonKind(n.movePort)}, not a port number`;
  if (n.moveFrom !== undefined && !(Array.isArray(n.moveFrom) && n.moveFrom.every((h) => typeof h === 'string'))) return "'moveFrom' is not a list of strings";
  if (n.sessionPassword !== undefined && n.sessionPassword !== true) return `'sessionPassword' is ${jsonKind(n.sessionPassword)}, not true`;
  return null;
}

export class PacsNodeStore {
  private readonly file: string;
  private readonly sessionPasswords = new Map<string, string>();

  constructor(
    userDir: string,
    private readonly secrets?: SecretStore,
  ) {
    this.file = join(userDir, 'pacs', 'nodes.json');
  }

  /** The stored nodes; none when there is no file yet. A damaged file is an error naming it, never an empty list (a save would write over it). */
  private async read(): Promise<StoredNode[]> {
    const parsed = await readJsonObject(this.file, WORDS);
    if (parsed === null) return [];
    if (typeof parsed.version === 'number' && parsed.version > NODES_VERSION) throw newerFormat(this.file, 'PACS node list', parsed.version, NODES_VERSION);
    const nodes: unknown = parsed.nodes;
    if (!Array.isArray(nodes)) throw new DamagedJsonFile(this.file, WORDS, `'nodes' is ${jsonKind(nodes)}, not a list`);
    return nodes.map((n: unknown, i) => {
      const problem = storedNodeProblem(n);
      if (problem) throw new DamagedJsonFile(this.file, WORDS, `node ${i + 1} of ${nodes.length}: ${problem}`);
      return n as StoredNode;
    });
  }

  private async write(nodes: StoredNode[]): Promise<void> {
    // The pacs folder also holds the study cache: private from the start (pacs-cache.ts keeps it so).
    await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 });
    // The format's version, so a later change can be told from damage (review 35 F5); 0.2.0 reads only 'nodes'.
    await writeFileAtomic(this.file, `${JSON.stringify({ version: NODES_VERSION, nodes }, null, 2)}\n`, 0o600);
  }

  private config(n: StoredNode): PacsNodeConfig {
    const session = this.sessionPasswords.has(n.id);
    return {
      id: n.id,
      name: n.name,
      address: n.address,
      ...(n.callingAe ? { callingAe: n.callingAe } : {}),
      ...(n.movePort ? { movePort: n.movePort } : {}),
      ...(n.moveFrom?.length ? { moveFrom: n.moveFrom } : {}),
      ...(n.username ? { username: n.username } : {}),
      hasPassword: Boolean(n.secret) || session,
      passwordStorage: n.secret ? 'keychain' : session ? 'session' : 'none',
    };
  }

  async list(): Promise<PacsNodeConfig[]> {
    return (await this.read()).map((n) => this.config(n));
  }

  async save(input: PacsNodeInput): Promise<PacsNodeConfig> {
    // Checks the address (and AE titles) before anything is stored.
    const parsed = parsePacsNode(input.address, {
      callingAe: input.callingAe || undefined,
      ...(input.movePort ? { movePort: input.movePort } : {}),
      ...(input.moveFrom?.length ? { moveFrom: input.moveFrom } : {}),
    });
    // As checked: trimmed, brackets off an IPv6 address.
    const moveFrom = parsed.kind === 'dimse' ? parsed.moveFrom : undefined;
    // A DICOMweb address may carry user:password@: kept as the address, the password would sit
    // in nodes.json in plain text and be listed to the renderer. Move both to their own fields.
    if (parsed.kind === 'dicomweb' && (parsed.username !== undefined || parsed.password !== undefined)) {
      const bare = new URL(input.address.trim());
      bare.username = '';
      bare.password = '';
      input = {
        ...input,
        address: bare.toString(),
        ...(!input.username && parsed.username ? { username: parsed.username } : {}),
        ...(input.password === undefined && parsed.password !== undefined ? { password: parsed.password } : {}),
      };
    }
    if (parsed.kind === 'dicomweb' && input.password && !input.username) {
      throw new AlveoError('BAD_ARGUMENT', 'a password needs a user name (HTTP basic authentication sends both)');
    }
    // Encrypted before the lock is taken: the keychain may ask the user, for as long as they take.
    const secret = input.password && this.secrets ? this.secrets.encrypt(input.password).toString('base64') : undefined;
    return this.change(async (nodes) => {
      const existing = input.id ? nodes.find((n) => n.id === input.id) : undefined;
      if (input.id && !existing) throw new AlveoError('NOT_FOUND', `no PACS node ${input.id}`);
      // NFC, as typed on most keyboards: a name pasted in NFD (macOS file names) is stored as the same name.
      const name = (input.name.trim() || input.address.trim()).normalize('NFC');
      // One name, one node: `alveo pacs --server NAME` and the app's lists find a node by its name.
      const twin = nodes.find((n) => n.id !== existing?.id && sameNodeName(n.name, name));
      if (twin) throw new AlveoError('BAD_ARGUMENT', `a PACS node named '${twin.name}' already exists: give this one another name`);
      const node: StoredNode = {
        id: existing?.id ?? randomUUID(),
        name,
        address: input.address.trim(),
        ...(input.callingAe ? { callingAe: input.callingAe.trim() } : {}),
        ...(input.movePort ? { movePort: input.movePort } : {}),
        ...(moveFrom?.length ? { moveFrom } : {}),
        ...(input.username ? { username: input.username } : {}),
        ...(existing?.secret && input.password === undefined ? { secret: existing.secret } : {}),
        ...(existing?.sessionPassword && input.password === undefined ? { sessionPassword: true as const } : {}),
      };
      if (input.password !== undefined) {
        this.sessionPasswords.delete(node.id);
        delete node.sessionPassword;
        if (secret) node.secret = secret;
        else if (input.password) {
          this.sessionPasswords.set(node.id, input.password);
          node.sessionPassword = true;
        }
      }
      return { nodes: existing ? nodes.map((n) => (n.id === node.id ? node : n)) : [...nodes, node], result: this.config(node) };
    });
  }

  async delete(id: string): Promise<void> {
    await this.change(async (nodes) => {
      if (!nodes.some((n) => n.id === id)) throw new AlveoError('NOT_FOUND', `no PACS node ${id}`);
      this.sessionPasswords.delete(id);
      return { nodes: nodes.filter((n) => n.id !== id), result: undefined };
    });
  }

  /** Read, change, write, with no other process (the app and the CLI) between the read and the write. */
  private async change<T>(fn: (nodes: StoredNode[]) => Promise<{ nodes: StoredNode[]; result: T }>): Promise<T> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    return withFileLock(this.file, async () => {
      const { nodes, result } = await fn(await this.read());
      await this.write(nodes);
      return result;
    });
  }

  /** The node ready to connect to, password included. */
  async node(id: string): Promise<{ config: PacsNodeConfig; node: PacsNode }> {
    const stored = (await this.read()).find((n) => n.id === id);
    if (!stored) throw new AlveoError('NOT_FOUND', `no PACS node ${id} (it was deleted?)`);
    let password = this.sessionPasswords.get(id);
    if (password === undefined && stored.sessionPassword && !stored.secret) {
      // Asking the PACS would only earn an HTTP 401 that reads like a wrong password.
      throw new AlveoError('BAD_ARGUMENT', `the password of PACS node '${stored.name}' was kept for one session only (no system keychain here) and is gone: enter it again`);
    }
    if (password === undefined && stored.secret && this.secrets) {
      try {
        password = this.secrets.decrypt(Buffer.from(stored.secret, 'base64'));
      } catch {
        throw new AlveoError('CORRUPT', `the password of PACS node '${stored.name}' cannot be decrypted on this machine: enter it again`);
      }
    }
    return {
      config: this.config(stored),
      node: savedNode(stored, {
        callingAe: stored.callingAe,
        ...(stored.movePort ? { movePort: stored.movePort } : {}),
        ...(stored.moveFrom?.length ? { moveFrom: stored.moveFrom } : {}),
        ...(stored.username ? { username: stored.username } : {}),
        ...(password !== undefined ? { password } : {}),
      }),
    };
  }
}

/**
 * A stored node parsed again: one saved before a check was tightened (an AE title with an umlaut)
 * is refused naming the node, so the user knows which one to edit.
 */
function savedNode(stored: StoredNode, opts: NodeOptions): PacsNode {
  try {
    return parsePacsNode(stored.address, opts);
  } catch (err) {
    if (!(err instanceof AlveoError)) throw err;
    throw new AlveoError(err.code, `PACS node '${stored.name}': ${err.message}: edit it in the PACS tab`);
  }
}
