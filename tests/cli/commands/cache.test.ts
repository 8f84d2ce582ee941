// alveo cache: what Alveo keeps of patients' data (score caches, PACS cache) is listed and cleared,
// all of it or only what is older than a retention period (score caches image by image); the user's own files stay; the clearing
// is recorded in the audit trail.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../support/run-cli';
import { auditLines } from '../../support/audit-lines';

async function seed(home: string): Promise<{ oldScores: string; newScores: string; oldStudy: string; newStudy: string; model: string }> {
  const scores = join(home, 'cache', 'scores');
  await mkdir(join(scores, 'one-view'), { recursive: true });
  const oldScores = join(scores, 'default.json');
  const newScores = join(scores, 'one-view', 'default.json');
  const day = 86_400_000;
  const entry = (at: number | undefined) => ({ probability: 0.4, label: 'NORMAL', threshold: 0.5, warnings: [], attributes: { PatientName: 'Kept^Long' }, ...(at ? { at } : {}) });
  const file = (entries: Record<string, unknown>) => JSON.stringify({ version: 2, modelId: 'default', modelStamp: 1, rules: 2, entries });
  // Every image of this file was last used 40 days ago, or (an older version) has no time: old.
  await writeFile(oldScores, file({ a: entry(Date.now() - 40 * day), b: entry(undefined) }));
  // This file is rewritten at every run: one image used today, one 40 days ago.
  await writeFile(newScores, file({ c: entry(Date.now() - 40 * day), d: entry(Date.now()) }));
  const oldStudy = join(home, 'pacs', 'cache', '1.2.3.4');
  const newStudy = join(home, 'pacs', 'cache', '1.2.3.5');
  for (const s of [oldStudy, newStudy]) {
    await mkdir(s, { recursive: true });
    await writeFile(join(s, 'i1.dcm'), Buffer.alloc(1000));
  }
  await mkdir(join(home, 'pacs', 'cache', '.partial-x'), { recursive: true }); // a retrieve under way
  const model = join(home, 'models', 'mine');
  await mkdir(model, { recursive: true });
  await writeFile(join(model, 'card.json'), '{}');
  const fortyDaysAgo = new Date(Date.now() - 40 * day);
  await utimes(oldStudy, fortyDaysAgo, fortyDaysAgo);
  return { oldScores, newScores, oldStudy, newStudy, model };
}

test('alveo cache lists the cached patient data; --clear --older-than removes only the old; --clear the rest', async () => {
  const home = join(await tempDir('alveo-cache-cli-'), 'home');
  const env = { ALVEO_HOME: home };
  const f = await seed(home);

  const shown = await runCli(['cache', '--json'], env);
  assert.equal(shown.code, 0, shown.stderr);
  const listed = JSON.parse(shown.stdout) as { action: string; scoreCaches: { files: number; entries: number }; pacsStudies: { studies: number; bytes: number } };
  assert.equal(listed.action, 'held', 'what is there, not what was removed');
  assert.deepEqual([listed.scoreCaches.files, listed.scoreCaches.entries, listed.pacsStudies.studies, listed.pacsStudies.bytes], [2, 4, 2, 2000]);
  assert.match((await runCli(['cache'], env)).stdout, /^batch-score caches: 4 images in 2 files, .*\nPACS cache: 2 studies, /);

  const bad = await runCli(['cache', '--older-than', '30'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--older-than goes with --clear/);
  assert.equal((await runCli(['cache', '--clear', '--older-than', 'soon'], env)).code, 2);
  assert.equal((await runCli(['cache', '--clear', '--older-than', ''], env)).code, 2, 'an empty value is not 0 days');

  const old = await runCli(['cache', '--clear', '--older-than', '30'], env);
  assert.equal(old.code, 0, old.stderr);
  assert.match(old.stdout, /^removed from the batch-score caches: 3 images' scores and attributes \(1 file deleted, .*\nremoved from the PACS cache: 1 study /);
  assert.deepEqual([f.oldScores, f.newScores, f.oldStudy, f.newStudy].map((p) => existsSync(p)), [false, true, false, true]);
  // The file in use keeps only the image used within the period, owner-only.
  assert.deepEqual(Object.keys((JSON.parse(await readFile(f.newScores, 'utf8')) as { entries: object }).entries), ['d']);
  assert.equal((await stat(f.newScores)).mode & 0o777, 0o600);

  const all = await runCli(['cache', '--clear', '--json'], env);
  assert.equal(all.code, 0, all.stderr);
  const removed = JSON.parse(all.stdout) as { action: string; scoreCaches: { files: number; entries: number; bytes: number }; pacsStudies: { studies: number; bytes: number } };
  assert.equal(removed.action, 'cleared');
  assert.deepEqual([removed.scoreCaches.files, removed.scoreCaches.entries, removed.pacsStudies], [1, 1, { studies: 1, bytes: 1000 }]);
  assert.ok(removed.scoreCaches.bytes > 100, 'the score cache counted by its size');
  assert.ok(!existsSync(f.newScores) && !existsSync(f.newStudy), 'all cached patient data gone');
  assert.ok(existsSync(join(home, 'pacs', 'cache', '.partial-x')), 'a retrieve under way is left alone');
  assert.ok(existsSync(join(f.model, 'card.json')), "the user's own models stay");

  // Each clearing is in the audit trail.
  const lines = (await auditLines(home)).map((l) => ({ action: l.action, olderThanDays: l.olderThanDays as number | undefined, pacsStudies: l.pacsStudies as { studies: number } }));
  assert.deepEqual(lines.map((l) => [l.action, l.olderThanDays, l.pacsStudies.studies]), [['clearCachedPatientData', 30, 1], ['clearCachedPatientData', undefined, 1]]);
});
