// What the host knows and the engine must not ask for: where the shipped and user models live,
// the user data folder, the backend preference, and where the built worker entries are.
import type { AuditDoor } from './audit/audit-log';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendPreference } from './model/tf-backend';
import type { SecretStore } from './pacs/secret-store';
import { alveoUserDir } from './user-folder/user-dir';
import { markUserFolder } from './user-folder/user-folder-marker';
import { closeUserFolderToOthers } from './user-folder/user-folder-mode';

export interface EngineDeps {
  /** Shipped models (read-only at run time), e.g. the repo's models/. */
  builtInModelsDir: string;
  /** User data: user models, caches, settings: ALVEO_HOME, else the OS's user folder (user-dir.ts). */
  userDir: string;
  backend?: BackendPreference;
  /** Folder holding score.worker.(js|ts); when set, batch scoring runs in a worker thread. */
  workerDir?: string;
  /** Studies kept open (decoded) at once; the least recently used is closed first. */
  maxOpenStudies?: number;
  /** Reported by getInfo(); defaults to package.json's version. */
  version?: string;
  /** Encrypts PACS passwords for storage (Electron's safeStorage); without it they last a session. */
  secrets?: SecretStore;
  /** Which door serves this engine, as the audit trail names it; the command line when absent. */
  door?: AuditDoor;
}

/** The user folder the CLI, the web host and the app share: ALVEO_HOME, else the OS's (user-dir.ts),
 *  with older stores (~/.alveo, and `extraLegacy` such as Electron's old userData) moved in once. */
export function defaultUserDir(extraLegacy: string[] = []): string {
  const dir = alveoUserDir(extraLegacy);
  markUserFolder(dir); // commands that never make a whole engine (calibrate, site…) mark it too
  closeUserFolderToOthers(dir);
  return dir;
}

/**
 * The folder holding Alveo's package.json and models/: found upwards from this file, which runs
 * from src-main/engine (tsx), out/main (Electron's bundle) or out/node/<build> (the built CLI and
 * web host). Falls back to two folders up.
 */
export function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models'))) return dir;
    if (dirname(dir) === dir) return resolve(here, '..', '..');
  }
}

/** Folder of the worker entries when running from source (tsx); built hosts pass their own. */
export { sourceWorkerDir } from './jobs/worker-entries';

/** Deps for running from the source tree (CLI, web host, tests); scoring in-process by default. */
export function sourceTreeDeps(overrides: Partial<EngineDeps> = {}): EngineDeps {
  return {
    builtInModelsDir: join(repoRoot(), 'models'),
    ...overrides,
    userDir: overrides.userDir ?? defaultUserDir(), // only looked up (and old stores moved) when not given
  };
}
