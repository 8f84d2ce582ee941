// Reading one result-cache file (result-cache.ts) from the disk, and what to do when it cannot be:
// a damaged or oversized file is set aside under a new name (never overwritten: it may be the only
// copy of a long run's scores, and someone may want to look at it); one that cannot be read just
// now (permission, I/O) is left alone. Either way the caller gets a note that names the file.
import { open, rename, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { Label } from '../../api/contract';
import type { AgeUnknownPolicy } from '../../api/site-policy';
import { errnoInWords } from '../files/errno-in-words';

export interface CachedScore {
  probability: number;
  label: Label;
  threshold: number;
  warnings: string[];
  /** The warnings' codes (prediction-warnings.ts); absent in entries of older releases. */
  warningCodes?: string[];
  /** Said beside the answer (answer-notes.ts, and the names' character set: charset-notes.ts); absent when there is none. */
  notes?: string[];
  attributes: Record<string, string>;
  /** When it was last scored or used (ms since 1970): what a retention rule (alveo cache --older-than) goes by. */
  at?: number;
}

export interface CacheFile {
  /** result-cache.ts VERSION: a file of another version starts afresh. */
  version: number;
  modelId: string;
  modelStamp: number;
  /** The site policy the warnings were made under (site-policy.ts); absent in older files: the default. */
  ageUnknown?: AgeUnknownPolicy;
  /** The guardrail rules the warnings were made under (guardrails/rules-version.ts); absent in older files. */
  rules?: number;
  /** In the order last scored or used, oldest first (that order is what eviction follows). */
  entries: Record<string, CachedScore>;
}

// The cache is capped far below this (result-cache.ts); a bigger file is a leftover of a version
// without the cap. Reading it whole would need gigabytes, and past ~512 MB V8 cannot hold it as a
// string at all.
export const MAX_CACHE_FILE_BYTES = 256 * 1024 * 1024;

export type CacheRead =
  | { kind: 'absent'; identity: string }
  | { kind: 'read'; data: CacheFile; identity: string }
  /** Damaged or too big: renamed (note says where); start afresh. */
  | { kind: 'set-aside'; note: string }
  /** Could not be read just now: leave it as it is, and do not write over it. */
  | { kind: 'unreadable'; note: string };

export const ABSENT = 'absent';

/** Which version of the file this is: every save writes a new file (new inode) and renames it in. */
export function fileIdentity(s: Stats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
}

export async function currentIdentity(file: string): Promise<string> {
  return stat(file).then(fileIdentity, () => ABSENT);
}

export async function readCacheFile(file: string, maxBytes = MAX_CACHE_FILE_BYTES): Promise<CacheRead> {
  let text: string;
  let identity: string;
  try {
    const handle = await open(file, 'r');
    try {
      const s = await handle.stat();
      identity = fileIdentity(s);
      if (s.size > maxBytes) return await setAside(file, `is too big to read (${Math.round(s.size / 1048576)} MB)`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where the cache folder should be; saving will say so.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent', identity: ABSENT };
    if (code === 'ERR_STRING_TOO_LONG') return setAside(file, 'is too big to read');
    return { kind: 'unreadable', note: `the result cache ${file} cannot be read (${errnoInWords(err)}): scores are computed afresh this time, and the file is left as it is` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return setAside(file, `is damaged (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isCacheFile(value)) return setAside(file, 'is damaged (not a result cache)');
  return { kind: 'read', data: value, identity };
}

async function setAside(file: string, why: string): Promise<CacheRead> {
  const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, aside);
  } catch (err) {
    // Another Alveo process set it aside a moment ago.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent', identity: ABSENT };
    return { kind: 'unreadable', note: `the result cache ${file} ${why} and cannot be set aside (${errnoInWords(err)}): scores are computed afresh this time, and the file is left as it is` };
  }
  return { kind: 'set-aside', note: `the result cache ${file} ${why}: it is set aside as ${aside} and scores are computed afresh` };
}

function isCacheFile(v: unknown): v is CacheFile {
  if (!isObject(v) || typeof v.version !== 'number' || typeof v.modelId !== 'string' || typeof v.modelStamp !== 'number' || !isObject(v.entries)) return false;
  return Object.values(v.entries).every(isCachedScore);
}

function isCachedScore(v: unknown): v is CachedScore {
  return (
    isObject(v) &&
    typeof v.probability === 'number' &&
    typeof v.label === 'string' &&
    typeof v.threshold === 'number' &&
    Array.isArray(v.warnings) &&
    v.warnings.every((w) => typeof w === 'string') &&
    isObject(v.attributes)
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
