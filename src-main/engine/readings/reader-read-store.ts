// The readers' reads, one JSON file in the user folder (readings/reads.json), owner-only: it names
// images and studies. One record per reader and image (by content: sha256 and frame), so the same
// file opened from a PACS cache, a share or a copy finds its read, and two readers' reads of one
// image stand side by side. A withdrawn read stays as a marker: the image has been read (and its
// answer shown), which a later read must say. Every change is read-change-write under a lock (the
// app and the CLI share the folder) and written atomically.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { READER_FINDINGS, type ReaderRead } from '../../api/reader-reads';
import { PRIVATE_FILE_MODE, writeJsonAtomic } from '../files/atomic-files';
import { withFileLock } from '../files/file-lock';
import { DamagedJsonFile, isJsonObject, jsonKind, newerFormat, readJsonObject } from '../files/read-json-object';

export interface StoredRead extends ReaderRead {
  /** sha256 of the file's bytes, ':' and the frame read (0-based). */
  key: string;
  /** Withdrawn by the reader ("Clear my read"): not a read any more, but the image was read. */
  withdrawn?: string;
}

// 2: one record per reader and image (1 had one per image), withdrawn markers, first reads.
const VERSION = 2;

export function readsFile(userDir: string): string {
  return join(userDir, 'readings', 'reads.json');
}

// Never overwritten: a damaged file holds records someone made; the error names it to mend or move.
const WORDS = { what: "the reader's reads file", advice: 'move it away to start a new one' };

const isString = (v: unknown): v is string => typeof v === 'string';
const isFinding = (v: unknown): boolean => (READER_FINDINGS as readonly unknown[]).includes(v);
const isLabel = (v: unknown): boolean => v === 'NORMAL' || v === 'PNEUMONIA';
// JSON writes a NaN as null: such a number is not worth refusing every read in the file for.
const isNumberOrNull = (v: unknown): boolean => typeof v === 'number' || v === null;

/** What is wrong with one stored record (the fields the store, the API, agreement and the SR read), or null. */
function storedReadProblem(r: unknown): string | null {
  if (!isJsonObject(r)) return `it is ${jsonKind(r)}, not an object`;
  for (const field of ['key', 'reader', 'at', 'file'] as const) if (!isString(r[field])) return `'${field}' is ${jsonKind(r[field])}, not a string`;
  if (!isFinding(r.finding)) return `'finding' is not one of ${READER_FINDINGS.join(', ')}`;
  if (typeof r.afterAi !== 'boolean') return `'afterAi' is ${jsonKind(r.afterAi)}, not true or false`;
  for (const field of ['note', 'withdrawn', 'image', 'sopInstanceUid', 'studyInstanceUid'] as const) {
    if (r[field] !== undefined && !isString(r[field])) return `'${field}' is ${jsonKind(r[field])}, not a string`;
  }
  if (r.readingMs !== undefined && !isNumberOrNull(r.readingMs)) return `'readingMs' is ${jsonKind(r.readingMs)}, not a number`;
  const first = r.first;
  if (first !== undefined && !(isJsonObject(first) && isFinding(first.finding) && isString(first.at) && typeof first.afterAi === 'boolean')) return "'first' is not a first read (finding, at, afterAi)";
  const ai = r.ai;
  if (ai !== undefined) {
    const ok = isJsonObject(ai) && isLabel(ai.label) && isNumberOrNull(ai.probability) && isNumberOrNull(ai.threshold) && isString(ai.model) && typeof ai.heldBack === 'boolean';
    if (!ok) return "'ai' is not the model's answer (label, probability, threshold, model, heldBack)";
  }
  return null;
}

const same = (a: { key: string; reader: string }, key: string, reader: string) => a.key === key && a.reader === reader;

export class ReaderReadStore {
  private readonly file: string;

  constructor(userDir: string) {
    this.file = readsFile(userDir);
  }

  /** Every record, withdrawn ones included, oldest first; none when the file does not exist yet. */
  async all(): Promise<StoredRead[]> {
    const parsed = await readJsonObject(this.file, WORDS);
    if (parsed === null) return [];
    const reads: unknown = parsed.reads;
    // After a rollback the reads are not damaged: a newer Alveo wrote them (review 35 F5).
    if (typeof parsed.version === 'number' && parsed.version > VERSION) throw newerFormat(this.file, 'reads', parsed.version, VERSION);
    if ((parsed.version !== 1 && parsed.version !== VERSION) || !Array.isArray(reads)) throw new DamagedJsonFile(this.file, WORDS, `not a version ${VERSION} reads file`);
    return reads.map((r: unknown, i) => {
      const problem = storedReadProblem(r);
      if (problem) throw new DamagedJsonFile(this.file, WORDS, `read ${i + 1} of ${reads.length}: ${problem}`);
      return r as StoredRead;
    });
  }

  /** The reader's record of an image, withdrawn or not. */
  async get(key: string, reader: string): Promise<StoredRead | null> {
    return (await this.all()).find((r) => same(r, key, reader)) ?? null;
  }

  /** Replaces the reader's record of the image with what `fn` makes of it (null: none yet). */
  async update(key: string, reader: string, fn: (existing: StoredRead | null) => StoredRead): Promise<StoredRead> {
    await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 });
    return withFileLock(this.file, async () => {
      const reads = await this.all();
      const next = fn(reads.find((r) => same(r, key, reader)) ?? null);
      await writeJsonAtomic(this.file, { version: VERSION, reads: [...reads.filter((r) => !same(r, key, reader)), next] }, { mode: PRIVATE_FILE_MODE });
      return next;
    });
  }
}
