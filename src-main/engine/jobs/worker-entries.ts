// Where the engine's worker threads start: every *.worker.ts lives in this folder, and this is the
// one way to find an entry. A built host passes deps.workerDir (electron-vite writes each entry
// as <name>.js next to its main bundle); running from source, the .ts files here load through tsx.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlveoError } from '../../api/errors';

/** The workers, by what they run. */
export const WORKERS = {
  /** Batch scoring (score-job.ts): optional, scoring runs in-process without a worker folder. */
  score: 'score.worker',
  /** Training and evaluation (training.worker.ts): always in a worker, so the engine stays responsive. */
  training: 'training.worker',
} as const;

export type WorkerName = keyof typeof WORKERS;

/** This folder: the worker entries as source files. */
export function sourceWorkerDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * The entry file of a worker in `workerDir` (built .js/.mjs or source .ts); with `orSource`, the
 * source folder is searched after it. Null when none is found (the caller decides if that is an error).
 */
export function findWorkerEntry(name: WorkerName, workerDir: string | undefined, orSource = false): string | null {
  const dirs = [workerDir, orSource ? sourceWorkerDir() : undefined].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    for (const ext of ['.js', '.mjs', '.ts']) {
      const p = join(dir, WORKERS[name] + ext);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** Like findWorkerEntry with the source folder as fallback, but a missing entry is an error. */
export function requireWorkerEntry(name: WorkerName, workerDir: string | undefined): string {
  const entry = findWorkerEntry(name, workerDir, true);
  if (!entry) throw new AlveoError('INTERNAL', `${WORKERS[name]} entry not found (looked in ${workerDir ?? '-'} and ${sourceWorkerDir()})`);
  return entry;
}
