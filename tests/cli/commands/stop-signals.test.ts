// SIGTERM (systemd stop, `timeout`, a killed cron job) cancels as Ctrl-C does: the same partial
// output and stderr lines, told apart by the exit code, 143 (128 + 15) against 130. And a reader
// that goes away (`| head -1`) ends the run quietly: no EPIPE stack trace, exit 141.
// Each run is stopped once it has printed a few --json rows, never after a sleep.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { writeGrayPng } from '../../engine/inference/support/draw-png';
import { useCliFixtures } from '../support/cli-fixtures';
import { startCli } from '../support/run-cli';

const cli = useCliFixtures();
const N = 120;

/** N distinct images (the result cache would answer copies at once). */
async function manyImages(name: string): Promise<{ folder: string; files: string[] }> {
  const folder = join(cli.fx.dir, name);
  await mkdir(folder);
  const files: string[] = [];
  for (let i = 0; i < N; i++) {
    const file = join(folder, `img${String(i).padStart(3, '0')}.png`);
    await writeGrayPng(file, 160, 160, [{ top: i, left: 10, height: 40, width: 20 + (i % 100), value: 250 }], 20);
    files.push(file);
  }
  return { folder, files };
}

async function untilLines(stdout: () => string, n: number): Promise<void> {
  while (stdout().split('\n').filter((l) => l.startsWith('{')).length < n) await new Promise((r) => setTimeout(r, 10));
}

test('score --json --csv, SIGTERM after 3 rows: exit 143, the rows kept in NAME.partial.csv, stderr says it was stopped', async () => {
  const { folder } = await manyImages('term');
  const out = join(cli.fx.dir, 'term.csv');
  const run = startCli(['score', folder, '--model', 'small-a', '--csv', out, '--json'], cli.env);
  await untilLines(run.stdout, 3);
  run.child.kill('SIGTERM');
  const r = await run.done;
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /SIGTERM: cancelling: keeping the images already scored/);
  assert.match(r.stderr, /cancelled: \d+ scored.* -> .*term\.partial\.csv/);
  assert.match(r.stderr, /partial: the same command again finishes/);
  assert.equal(existsSync(out), false, 'a partial run does not pass for the whole folder');
  const rows = parseCsv(await readFile(join(cli.fx.dir, 'term.partial.csv'), 'utf8')).slice(1);
  const printed = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { file: string }).file);
  assert.ok(rows.length >= 3 && rows.length < N, `${rows.length} rows kept of ${N}`);
  assert.deepEqual(rows.map((f) => f[0]), printed, 'the partial CSV holds the rows printed');
});

test('predict on many files, SIGTERM: exit 143, every line whole, "cancelled: N of M done"', async () => {
  const { files } = await manyImages('term-predict');
  const run = startCli(['predict', ...files, '--model', 'small-a', '--json'], cli.env);
  await untilLines(run.stdout, 3);
  run.child.kill('SIGTERM');
  const r = await run.done;
  assert.equal(r.code, 143, r.stderr);
  assert.match(r.stderr, /SIGTERM: stopping after this file/);
  const lines = r.stdout.trimEnd().split('\n');
  for (const l of lines) assert.equal(typeof (JSON.parse(l) as { probability: unknown }).probability, 'number', 'every line whole');
  const m = /cancelled: (\d+) of 120 done/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.equal(Number(m[1]), lines.length);
});

test('score --json with its reader gone after the first line (| head -1): no EPIPE stack trace, the run stops, exit 141', async () => {
  const { folder } = await manyImages('pipe');
  const run = startCli(['score', folder, '--model', 'small-a', '--json'], cli.env);
  await untilLines(run.stdout, 1);
  run.child.stdout?.destroy(); // as head does once it has its line
  const r = await run.done;
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /, r.stderr);
  assert.equal(r.code, 141, r.stderr);
  const m = /cancelled: (\d+) scored/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.ok(Number(m[1]) < N, `stopped after ${m[1]} of ${N}, not run to the end`);
});
