// The audit trail: what was changed, scored, exported or sent, by whom and when, one JSON line per
// action in <user folder>/audit/<YYYY-MM>.jsonl (owner-only, appended, never rewritten). Each line
// carries the sha256 of the line before it in the same file, so an edited or deleted line breaks
// the chain (verifyAuditFile). Lines name models, folders, files, PACS nodes and UIDs, never a
// patient's name or ID. Several processes share a user folder (the app, the web host, the CLI):
// each append takes the file's lock, so the chain stays one line after another.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from '../file-lock';
import { osUserName } from '../os-user';

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
      this.failure = `The audit trail could not be written (${err instanceof Error ? err.message : String(err)}): the action "${action}" stood but is not recorded`;
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
        await handle.write(`${cut ? '\n' : ''}${line}\n`);
        await handle.sync();
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
 * pacs get/send): written before it returns; a line that could not be written is said on stderr,
 * the action stands.
 */
export async function recordCliAction(userDir: string, command: string, version: () => string, action: string, details: Record<string, unknown>, outcome: AuditLine['outcome'] = 'done'): Promise<void> {
  const log = new AuditLog(userDir, 'cli', version);
  await log.record(action, outcome, details);
  const problem = log.problem();
  if (problem) console.error(`${command}: ${problem}`);
}
