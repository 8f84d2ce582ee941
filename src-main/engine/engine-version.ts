// Alveo's version, as package.json says: named by results, cards and the audit trail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './engine-deps';

let version: string | null = null;

export function engineVersion(): string {
  if (version === null) {
    try {
      version = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
