// The audit trail: what was changed, scored, exported or sent, by whom and when, one JSON line per
// action in <user folder>/audit/<YYYY-MM>.jsonl (owner-only, appended, never rewritten). Each line
// carries the sha256 of the line before it in the same file, so an edited or deleted line breaks
// the chain (verifyAuditFile). Lines name models, folders, files, PACS nodes and UIDs, never a
// patient's name or ID. Several processes share a user folder (the app, the web host, the CLI):
// each append takes the file's lock, so the chain stays one line after another.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoInWords } from '../files/errno-in-words';
import { withFileLock } from '../files/file-lock';
import { osUserName } from '../user-folder/os-user';

/** Which door of Alveo did it: the desktop app, the local web host or the command line. */
export type AuditDoor = 'app' | 'web' | 'cli';

export interface AuditLine {
  ts: string;
  action: string;
  user: string;
  host: string;
  pid: number;
  door: AuditDoor;
  alveo: string;
  outcome: 'done' | 'refused' | 'cancelled' | 'failed';
  /** sha256 of the previous line of this file (without its newline); 'first' on a file's first line. */
  prev: string;
  [detail: string]: unknown;
}

/** The last line of a file is found in its tail: lines are short (a few hundred bytes). */
const TAIL_BYTES = 64 * 1024;

export function auditFolder(userDir: string): string {
  return join(userDir, 'audit');
}

export function auditFileFor(userDir: string, at: Date): string {
  return join(auditFolder(userDir), `${at.toISOString().slice(0, 7)}.jsonl`);
}

export function lineHash(line: string): string {
  return createHash('sha256').update(line).digest('hex');
}

/** The file's last line, and whether it ends with its newline (false: cut short by a crash). */
async function lastLine(file: string): Promise<{ text: string; complete: boolean } | null> {
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  if (size === 0) return null;
  const handle = await open(file, 'r');
  try {
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const text = buf.toString('utf8').split('\n').filter((l) => l.length > 0).at(-1);
    return text === undefined ? null : { text, complete: buf[length - 1] === 0x0a };
  } finally {
    await handle.close();
  }
}

/** Lines this process could not write, over all its logs: a CLI command says them once as it ends (main.ts). */
const unrecorded = { lines: 0, causes: [] as string[] };

/**
 * What this process could not record since the last call, as one sentence (e.g. "the audit trail
 * could not be written (the disk is full): 3 lines not recorded"), or null when every line went in.
 * Counting starts again after it.
 */
export function takeUnrecordedAuditNote(): string | null {
  if (unrecorded.lines === 0) return null;
  const note = `the audit trail could not be written (${unrecorded.causes.join('; ')}): ${unrecorded.lines} ${unrecorded.lines === 1 ? 'line' : 'lines'} not recorded`;
  unrecorded.lines = 0;
  unrecorded.causes = [];
  return note;
}

/** Why a line could not be written, in words where the error is a known file-system one. */
function causeOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const words = errnoInWords(err);
  if (code !== undefined && words !== code) return words;
  return err instanceof Error ? err.message : String(err);
}

/** What became of an action whose line could not be written, by the line's outcome. */
function fateOf(action: string, outcome: AuditLine['outcome']): string {
  if (outcome === 'done') return `the action "${action}" stood but is not recorded`;
  if (outcome === 'cancelled') return `the action "${action}" was cancelled and is not recorded`;
  // 'refused': the call threw (a refusal, or a failure such as the same full disk): it did not happen.
  return `the action "${action}" failed and is not recorded`;
}

/** Writes all of `bytes` at the end of an O_APPEND file: a full disk may take only part of one write. */
async function appendWhole(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, null);
    if (bytesWritten <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write (no byte was taken)'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  /** The last append that failed (disk full, permission), said by problem(); null when all went in. */
  private failure: string | null = null;

  constructor(
    private readonly userDir: string,
    private readonly door: AuditDoor,
    private readonly version: () => string,
    private readonly now: () => Date = () => new Date(),
    /** Told at each line that could not be written (the engine sends it to the page: audit:problem). */
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  /**
   * Appends one line. Never throws: an action is not undone because its record could not be written
   * (problem() says so), and records of one process keep their order.
   */
  record(action: string, outcome: AuditLine['outcome'], details: Record<string, unknown> = {}): Promise<void> {
    const at = this.now();
    const entry = { ts: at.toISOString(), action, user: osUserName(), host: hostname(), pid: process.pid, door: this.door, alveo: this.version(), outcome, ...details };
    this.queue = this.queue.then(() => this.append(at, entry)).catch((err: unknown) => {
      const cause = causeOf(err);
      this.failure = `The audit trail could not be written (${cause}): ${fateOf(action, outcome)}`;
      unrecorded.lines += 1;
      if (!unrecorded.causes.includes(cause) && unrecorded.causes.length < 3) unrecorded.causes.push(cause);
      try {
        this.onProblem(this.failure);
      } catch {
        // A listener's failure must not reject the queue: every later line would be lost with it.
      }
    });
    return this.queue;
  }

  /** Resolves when every line recorded so far is written (or has failed). */
  flushed(): Promise<void> {
    return this.queue;
  }

  problem(): string | null {
    return this.failure;
  }

  private async append(at: Date, entry: Omit<AuditLine, 'prev'>): Promise<void> {
    await mkdir(auditFolder(this.userDir), { recursive: true, mode: 0o700 });
    const file = auditFileFor(this.userDir, at);
    await withFileLock(file, async () => {
      const before = await lastLine(file);
      const line = JSON.stringify({ ...entry, prev: before === null ? 'first' : lineHash(before.text) });
      // A last line cut short (a crash, a full disk) stays a line of its own, which the chain names.
      const cut = before !== null && !before.complete;
      // Appended (O_APPEND), never rewritten, and synced.
      const handle = await open(file, 'a', 0o600);
      try {
        const size = (await handle.stat()).size;
        try {
          await appendWhole(handle, Buffer.from(`${cut ? '\n' : ''}${line}\n`, 'utf8'));
          await handle.sync();
        } catch (err) {
          // Written whole or not at all: a part of a line (a full disk) would read as a line edited
          // or cut (verifyAuditFile). The lock is held, so nothing was appended after ours.
          await handle.truncate(size).catch(() => undefined);
          await handle.sync().catch(() => undefined);
          throw err;
        }
      } finally {
        await handle.close();
      }
    });
  }
}

/**
 * Reads an audit file and checks its chain: the lines that parse, and the first line (1-based) that
 * is not JSON or whose `prev` does not match the line before, if any. The chain has no key: it shows
 * an edit or a removal in the middle, not a file rewritten whole or lines cut from its end.
 */
export async function verifyAuditFile(file: string): Promise<{ lines: AuditLine[]; broken: number | null }> {
  const text = await readFile(file, 'utf8');
  const raw = text.split('\n').filter((l) => l.length > 0);
  const lines: AuditLine[] = [];
  let broken: number | null = null;
  raw.forEach((l, i) => {
    let line: AuditLine | null = null;
    try {
      line = JSON.parse(l) as AuditLine;
    } catch {
      // A line cut short or edited out of shape: the chain breaks here.
    }
    if (line) lines.push(line);
    const expected = i === 0 ? 'first' : lineHash(raw[i - 1]);
    if (broken === null && line?.prev !== expected) broken = i + 1;
  });
  return { lines, broken };
}

/**
 * One line from a CLI command that works without an engine (alveo site, cache, calibrate, adapt,
 * pacs get/send): written before it returns. A line that could not be written does not stop the
 * action; it is said on stderr once, with any other, when the command ends (takeUnrecordedAuditNote).
 */
export async function recordCliAction(userDir: string, version: () => string, action: string, details: Record<string, unknown>, outcome: AuditLine['outcome'] = 'done'): Promise<void> {
  await new AuditLog(userDir, 'cli', version).record(action, outcome, details);
}
