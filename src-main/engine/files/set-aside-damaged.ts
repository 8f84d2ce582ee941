// A damaged store file is set aside, never overwritten: renamed beside itself as
// <file>.damaged-<time> (settings.json, sent.json, origins.json), so its bytes stay for someone to
// mend while the store starts a new file.
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';

/** Renames `file` to `<file>.damaged-<time>` and answers that path; an earlier set-aside copy is never replaced. */
export async function setAsideDamaged(file: string, now = new Date()): Promise<string> {
  const base = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  let aside = base;
  for (let n = 2; existsSync(aside); n++) aside = `${base}-${n}`;
  await rename(file, aside);
  return aside;
}
