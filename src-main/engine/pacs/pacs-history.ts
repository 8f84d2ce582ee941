// What Alveo remembers about studies of the PACS across restarts, in the user folder: the node each
// cached study was retrieved from (pacs/origins.json: a result goes back there by default) and every
// result sent (pacs/sent.json: a second send is a choice, never a silent duplicate on the PACS).
// Both are owner-only (they name studies and images) and written atomically.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PacsSentRecord } from '../../api/pacs';
import { PRIVATE_FILE_MODE, writeJsonAtomic } from '../atomic-files';
import { withFileLock } from '../file-lock';

interface Origin {
  nodeId: string;
  at: string;
}

type Origins = Record<string, Origin>;

/** A sent result as sent.json keeps it: the study it belongs to, then the record the API lists. */
export type StoredSent = PacsSentRecord & { studyInstanceUid: string };

async function readJson<T>(file: string, pick: (v: unknown) => T, empty: T): Promise<T> {
  try {
    return pick(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    // Missing or damaged: a memory lost is a warning lost, never a reason to refuse a send.
    return empty;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function pickOrigins(v: unknown): Origins {
  const out: Origins = {};
  const studies = isRecord(v) && isRecord(v.studies) ? v.studies : {};
  for (const [uid, o] of Object.entries(studies)) if (isRecord(o) && str(o.nodeId)) out[uid] = { nodeId: str(o.nodeId), at: str(o.at) };
  return out;
}

function pickSent(v: unknown): StoredSent[] {
  const list = isRecord(v) && Array.isArray(v.sent) ? (v.sent as unknown[]) : [];
  return list.filter(isRecord).map((r) => ({
    studyInstanceUid: str(r.studyInstanceUid),
    sopInstanceUid: str(r.sopInstanceUid),
    nodeId: str(r.nodeId),
    nodeName: str(r.nodeName),
    at: str(r.at),
    srInstanceUid: str(r.srInstanceUid),
    scInstanceUid: str(r.scInstanceUid),
  }));
}

export class PacsHistory {
  private readonly dir: string;
  // Read-modify-write in turn: two sends finishing together must both be remembered (in this
  // process by this chain, across processes by the file lock).
  private writing: Promise<unknown> = Promise.resolve();

  constructor(userDir: string) {
    this.dir = join(userDir, 'pacs');
  }

  private get originsFile(): string {
    return join(this.dir, 'origins.json');
  }

  private get sentFile(): string {
    return join(this.dir, 'sent.json');
  }

  /** `file` is read, changed and written by `write` with no other process (the app, the CLI) between. */
  private update(file: string, write: () => Promise<void>): Promise<void> {
    const next = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await withFileLock(file, write);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  recordOrigin(studyInstanceUid: string, nodeId: string): Promise<void> {
    return this.update(this.originsFile, async () => {
      const origins = await readJson(this.originsFile, pickOrigins, {});
      origins[studyInstanceUid] = { nodeId, at: new Date().toISOString() };
      await writeJsonAtomic(this.originsFile, { studies: origins }, { mode: PRIVATE_FILE_MODE });
    });
  }

  recordSent(record: StoredSent): Promise<void> {
    return this.recordSentMany([record]);
  }

  /** Several sends in one write (a CLI send of a folder of results). */
  recordSentMany(records: readonly StoredSent[]): Promise<void> {
    if (!records.length) return Promise.resolve();
    return this.update(this.sentFile, async () => {
      const sent = await readJson(this.sentFile, pickSent, []);
      await writeJsonAtomic(this.sentFile, { sent: [...sent, ...records] }, { mode: PRIVATE_FILE_MODE });
    });
  }

  async origin(studyInstanceUid: string): Promise<string | null> {
    await this.writing;
    return (await readJson(this.originsFile, pickOrigins, {}))[studyInstanceUid]?.nodeId ?? null;
  }

  /** The study's sent results, oldest first, without the study UID the caller already has. */
  async sent(studyInstanceUid: string): Promise<PacsSentRecord[]> {
    await this.writing;
    return (await readJson(this.sentFile, pickSent, []))
      .filter((r) => r.studyInstanceUid === studyInstanceUid)
      .map(({ studyInstanceUid: _study, ...r }) => r);
  }
}
