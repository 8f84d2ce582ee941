// `alveo score` names every entry it did not score, with why, on stderr (review 10r item 5): up to
// 50 in full, beyond that the first 20 and a count that points to --json. Named pipes and folders
// it cannot read are among them; the CSV keeps its rows (one per image) unchanged.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeDicom } from '../../fixtures/write-dicom';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { writeGrayPng } from '../../engine/inference/support/draw-png';
import { useCliFixtures } from '../support/cli-fixtures';
import { makeFifo } from '../support/fifo';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();
const noFifos = process.platform === 'win32' ? 'no named pipes in the file system on Windows' : false;
const fifos: ReturnType<typeof makeFifo>[] = [];
after(async () => {
  for (const f of fifos) await f.release();
});

/** The skipped block of stderr: its heading and the lines under it. */
function skippedBlock(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => /^\d+ skipped, not scored/.test(l));
  assert.ok(start >= 0, stderr);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
  return lines.slice(start, end < 0 ? undefined : end);
}

test('nine skipped: each named with its reason (the SR too, ninth in order); a named pipe among them; the CSV unchanged', { skip: noFifos }, async () => {
  const folder = join(cli.fx.dir, 'skips');
  await mkdir(folder);
  for (let i = 1; i <= 7; i++) await writeFile(join(folder, `notes${i}.txt`), `note ${i}\n`);
  fifos.push(makeFifo(join(folder, 'pipe.jpeg')));
  await writeDicom(join(folder, 'report.dcm'), { rows: 1, columns: 1, pixels: null, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.22' });
  await writeGrayPng(join(folder, 'x.png'), 64, 64, [{ top: 10, left: 10, height: 20, width: 20, value: 200 }], 40);
  const csv = join(cli.fx.dir, 'skips.csv');
  const r = await runCli(['score', folder, '--csv', csv, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(skippedBlock(r.stderr), [
    '9 skipped, not scored:',
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => `  ${join(folder, `notes${i}.txt`)}: a text file`),
    `  ${join(folder, 'pipe.jpeg')}: not a regular file (a named pipe)`,
    `  ${join(folder, 'report.dcm')}: a Structured Report (SR) document, not an image`,
  ]);
  const rows = parseCsv(await readFile(csv, 'utf8'));
  assert.deepEqual(rows.slice(1).map((f) => f[0]), ['x.png'], 'one row per image, as before');
});

test('sixty skipped: the first 20 and a count that points to --json, which lists all', async () => {
  const folder = join(cli.fx.dir, 'many-skips');
  await mkdir(folder);
  const names = Array.from({ length: 60 }, (_, i) => `n${String(i).padStart(2, '0')}.txt`);
  for (const n of names) await writeFile(join(folder, n), 'a note\n');
  const r = await runCli(['score', folder, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr); // no image at all: exit 1, said last
  assert.deepEqual(skippedBlock(r.stderr), [
    '60 skipped, not scored (the first 20 below):',
    ...names.slice(0, 20).map((n) => `  ${join(folder, n)}: a text file`),
    '  … and 40 more (run again with --json to list every one with its reason)',
  ]);
  const json = await runCli(['score', folder, '--model', 'small-a', '--json'], cli.env);
  const skipped = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { skipped?: string }).filter((o) => o.skipped);
  assert.equal(skipped.length, 60);
});
