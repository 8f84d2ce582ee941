// What Alveo remembers about studies of the PACS across restarts, in the user folder: the node each
// cached study was retrieved from (pacs/origins.json: a result goes back there by default) and every
// result sent (pacs/sent.json: a second send is a choice, never a silent duplicate on the PACS).
// Both are owner-only (they name studies and images) and written atomically. Only a missing file is
// "nothing remembered": a damaged one is set aside (its bytes kept beside it) by the next write,
// which says so; one that cannot be read is an error, never written over.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PacsSentRecord } from '../../api/pacs';
import { PRIVATE_FILE_MODE, writeJsonAtomic } from '../files/atomic-files';
import { withFileLock } from '../files/file-lock';
import { DamagedJsonFile, isJsonObject, jsonKind, readJsonObject, type JsonFileWords, type JsonObject } from '../files/read-json-object';
import { setAsideDamaged } from '../files/set-aside-damaged';

interface Origin {
  nodeId: string;
  at: string;
}

type Origins = Record<string, Origin>;

/** A sent result as sent.json keeps it: the study it belongs to, then the record the API lists. */
export type StoredSent = PacsSentRecord & { studyInstanceUid: string };

/** One of the two files: its name, how its errors say it, how its content is checked and written, and what losing it costs. */
interface Memory<T> {
  name: string;
  words: JsonFileWords;
  /** The content, or what is wrong with it. */
  pick(v: JsonObject): { ok: true; value: T } | { ok: false; problem: string };
  empty(): T;
  wrap(value: T): JsonObject;
  /** What setting a damaged file aside loses, for the notice. */
  lost: string;
}

const ORIGINS: Memory<Origins> = {
  name: 'origins.json',
  words: { what: 'the record of the PACS node each cached study came from', advice: 'the next retrieve sets it aside (origins.json.damaged-<time>) and starts a new one' },
  pick(v) {
    if (!isJsonObject(v.studies)) return { ok: false, problem: `'studies' is ${jsonKind(v.studies)}, not an object` };
    const value: Origins = {};
    for (const [uid, o] of Object.entries(v.studies)) {
      if (!(isJsonObject(o) && typeof o.nodeId === 'string' && typeof o.at === 'string')) return { ok: false, problem: `study ${uid} is not { nodeId, at }` };
      value[uid] = { nodeId: o.nodeId, at: o.at };
    }
    return { ok: true, value };
  },
  empty: () => ({}),
  wrap: (studies) => ({ studies }),
  lost: '"Send to" no longer defaults to the node those studies came from',
};

const SENT_FIELDS = ['studyInstanceUid', 'sopInstanceUid', 'nodeId', 'nodeName', 'at', 'srInstanceUid', 'scInstanceUid'] as const;

const SENT: Memory<StoredSent[]> = {
  name: 'sent.json',
  words: { what: 'the record of results sent to the PACS', advice: 'the next send sets it aside (sent.json.damaged-<time>) and starts a new one' },
  pick(v) {
    const list: unknown = v.sent;
    if (!Array.isArray(list)) return { ok: false, problem: `'sent' is ${jsonKind(list)}, not a list` };
    const value: StoredSent[] = [];
    for (const [i, r] of list.entries()) {
      const where = `record ${i + 1} of ${list.length}`;
      if (!isJsonObject(r)) return { ok: false, problem: `${where} is ${jsonKind(r)}, not an object` };
      const wrong = SENT_FIELDS.find((f) => typeof r[f] !== 'string');
      if (wrong) return { ok: false, problem: `${where}: '${wrong}' is ${jsonKind(r[wrong])}, not a string` };
      const [studyInstanceUid, sopInstanceUid, nodeId, nodeName, at, srInstanceUid, scInstanceUid] = SENT_FIELDS.map((f) => String(r[f]));
      value.push({ studyInstanceUid, sopInstanceUid, nodeId, nodeName, at, srInstanceUid, scInstanceUid });
    }
    return { ok: true, value };
  },
  empty: () => [],
  wrap: (sent) => ({ sent }),
  lost: 'the results sent before are no longer known, so Alveo cannot ask before one of them is sent again',
};

/** The file's content; empty only when there is no file. Damaged: DamagedJsonFile; unreadable: an AlveoError naming it. */
async function recall<T>(file: string, memory: Memory<T>): Promise<T> {
  const v = await readJsonObject(file, memory.words);
  if (v === null) return memory.empty();
  const picked = memory.pick(v);
  if (!picked.ok) throw new DamagedJsonFile(file, memory.words, picked.problem);
  return picked.value;
}

export class PacsHistory {
  private readonly dir: string;
  // Read-modify-write in turn: two sends finishing together must both be remembered (in this
  // process by this chain, across processes by the file lock).
  private writing: Promise<unknown> = Promise.resolve();

  constructor(userDir: string) {
    this.dir = join(userDir, 'pacs');
  }

  /**
   * Rewrites the file with `change` applied, with no other process (the app, the CLI) between the
   * read and the write. A damaged file is set aside and a new one started: the answer is the
   * notice saying so (the caller shows it: the app beside the send, the CLI on stderr), else none.
   */
  private update<T>(memory: Memory<T>, change: (content: T) => T): Promise<string[]> {
    const file = join(this.dir, memory.name);
    const next = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      return withFileLock(file, async () => {
        const notices: string[] = [];
        let content: T;
        try {
          content = await recall(file, memory);
        } catch (err) {
          if (!(err instanceof DamagedJsonFile)) throw err;
          const aside = await setAsideDamaged(file);
          notices.push(`${file} was damaged (${err.problem}): it is kept as ${basename(aside)} and a new one was started; ${memory.lost}`);
          content = memory.empty();
        }
        await writeJsonAtomic(file, memory.wrap(change(content)), { mode: PRIVATE_FILE_MODE });
        return notices;
      });
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Answers the notice of a damaged origins.json set aside, if it was. */
  recordOrigin(studyInstanceUid: string, nodeId: string): Promise<string[]> {
    return this.update(ORIGINS, (origins) => ({ ...origins, [studyInstanceUid]: { nodeId, at: new Date().toISOString() } }));
  }

  /** Answers the notice of a damaged sent.json set aside, if it was. */
  recordSent(record: StoredSent): Promise<string[]> {
    return this.recordSentMany([record]);
  }

  /** Several sends in one write (a CLI send of a folder of results). */
  recordSentMany(records: readonly StoredSent[]): Promise<string[]> {
    if (!records.length) return Promise.resolve([]);
    return this.update(SENT, (sent) => [...sent, ...records]);
  }

  /** The node the study was last retrieved from; an unreadable or damaged origins.json is an error naming it. */
  async origin(studyInstanceUid: string): Promise<string | null> {
    await this.writing;
    return (await recall(join(this.dir, ORIGINS.name), ORIGINS))[studyInstanceUid]?.nodeId ?? null;
  }

  /** The study's sent results, oldest first, without the study UID the caller already has; an unreadable or damaged sent.json is an error naming it. */
  async sent(studyInstanceUid: string): Promise<PacsSentRecord[]> {
    await this.writing;
    return (await recall(join(this.dir, SENT.name), SENT)).filter((r) => r.studyInstanceUid === studyInstanceUid).map(({ studyInstanceUid: _study, ...r }) => r);
  }
}
