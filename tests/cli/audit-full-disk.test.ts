// A CLI command whose user folder is on a full disk: the action goes through (the score, the CSV
// beside it on another disk, a cache cleared), and the audit lines that could not be written are
// said on stderr once, as the command ends (docs/deployment.md: "the CLI says so on stderr").
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { mountSmallTmpfs, type SmallTmpfs } from '../support/small-tmpfs';
import { tempDir } from '../support/temp-dir';
import { runCli } from './support/run-cli';

let disk: SmallTmpfs | string;
let dir: string;
before(async () => {
  disk = await mountSmallTmpfs(64 * 1024);
  dir = await tempDir('alveo-cli-audit-full-');
  await mkdir(join(dir, 'ward'));
  await writeGrayPng(join(dir, 'ward', 'a.png'), 96, 96, [{ top: 20, left: 20, height: 50, width: 50, value: 200 }], 30);
});
after(async () => {
  if (typeof disk !== 'string') await disk.unmount();
});

const LOST = /the audit trail could not be written/g;

test('score and cache --clear on a full user folder: done, and the unrecorded audit lines said once at the end', async (t) => {
  if (typeof disk === 'string') return t.skip(disk);
  const env = { ALVEO_HOME: join(disk.dir, 'home') };
  // With room, nothing is said.
  const roomy = await runCli(['cache', '--clear'], env);
  assert.equal(roomy.code, 0, roomy.stderr);
  assert.doesNotMatch(roomy.stderr, LOST);
  await disk.fill(0);

  const csv = join(dir, 'out.csv');
  const scored = await runCli(['score', join(dir, 'ward'), '--one-view', '--csv', csv], env);
  assert.equal(scored.code, 0, scored.stderr);
  assert.match(await readFile(csv, 'utf8'), /a\.png/, 'the CSV is written');
  // startScore, score-end and scoreCsv.
  assert.match(scored.stderr, /\nalveo score: the audit trail could not be written \(the disk is full\): 3 lines not recorded\n$/);
  assert.equal(scored.stderr.match(LOST)?.length, 1, scored.stderr);

  // A command that records without an engine says it the same way, once.
  const cleared = await runCli(['cache', '--clear'], env);
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.equal(cleared.stderr, 'alveo cache: the audit trail could not be written (the disk is full): 1 line not recorded\n');
});

// Review 35 F6: every image was scored, then "the run failed: ENOSPC … write" named no file.
test('score --csv onto a full disk: the CSV file and the cause are named, the earlier CSV kept, the scores said to be cached', async (t) => {
  if (typeof disk === 'string') return t.skip(disk);
  const env = { ALVEO_HOME: join(dir, 'home-roomy') };
  await rm(join(disk.dir, 'filler'), { force: true }); // the test before filled it
  const csvDir = join(disk.dir, 'csv');
  await mkdir(csvDir, { recursive: true });
  await disk.fill(1);
  const csv = join(csvDir, 'scores.csv');
  await writeFile(csv, 'earlier\n'); // takes the last free page
  await disk.fill(0);
  const r = await runCli(['score', join(dir, 'ward'), '--one-view', '--csv', csv], env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`alveo score: cannot write ${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the disk is full \\(any earlier .* is unchanged; the 1 score is cached, so the same command again is quick\\)`));
  assert.doesNotMatch(r.stderr, /the run failed|ENOSPC/);
  assert.equal(await readFile(csv, 'utf8'), 'earlier\n');
});
