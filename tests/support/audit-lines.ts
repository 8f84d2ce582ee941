// The audit trail of a user folder as the tests read it: every line of its .jsonl files, in order
// (the lock file that sits beside them while a line is written is not one of them).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLine } from '../../src-main/engine/audit/audit-log';

export async function auditLines(userDir: string): Promise<AuditLine[]> {
  const dir = join(userDir, 'audit');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl')).sort();
  const text = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditLine);
}
