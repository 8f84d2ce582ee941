// Real images from ALVEO_SHARED_DATA, else ../shared/data (never copied into the repo); tests skip when it is absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataNotFound, SHARED_DATA_DIR } from '../../support/shared-data-dir';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const SHARED_DATA = SHARED_DATA_DIR;
/** Where browser tests leave their screenshots. */
export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'e2e');

/** Absolute path of a shared data file, or null when it is not on this machine. */
export function sharedFile(rel: string): string | null {
  const p = join(SHARED_DATA, rel);
  return existsSync(p) ? p : null;
}

export function missingData(rel: string): string {
  return dataNotFound(join(SHARED_DATA, rel));
}
