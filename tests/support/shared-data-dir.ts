// Where the tests' real data lives: ALVEO_SHARED_DATA (a path to the data folder) when set, else
// ../shared/data beside the repository. A test that needs it and finds it absent skips with
// dataNotFound(path): scripts/run-tests.mjs counts those skips by that message's opening words.
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

export const SHARED_DATA_DIR = process.env.ALVEO_SHARED_DATA ? resolve(process.env.ALVEO_SHARED_DATA) : resolve(REPO_ROOT, '../shared/data');

/** The skip reason for a missing real-data path (run-tests.mjs matches "real data not found at "). */
export function dataNotFound(path: string): string {
  return `real data not found at ${path} (set ALVEO_SHARED_DATA to the data folder, or put it at ../shared/data beside the clone)`;
}
