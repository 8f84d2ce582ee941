// The CSV's file column is relative to FOLDER however FOLDER was typed (relative from another
// working directory, or absolute), and `alveo merge` refuses one image found in two parts under
// two spellings of its name (a part of an older run, named from the working directory).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { useCliFixtures } from '../support/cli-fixtures';
import { REPO_ROOT, type CliResult } from '../support/run-cli';

const cli = useCliFixtures();

/** The real CLI started in `cwd`, as a user who cd'ed there would run it. */
function runCliIn(cwd: string, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'alveo.mjs'), ...args], { cwd, env: { ...process.env, ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
}

const fileColumn = async (csv: string) => parseCsv(await readFile(csv, 'utf8')).slice(1).map((f) => f[0]);

test('score: FOLDER typed relative (from two working directories) or absolute gives the same file column', async () => {
  const { dir, folder } = cli.fx;
  const spellings: [cwd: string, folder: string][] = [
    [dir, basename(folder)], // cd DIR && alveo score studies
    [dirname(dir), join(basename(dir), basename(folder))], // cd .. && alveo score DIR/studies
    [dir, folder], // alveo score /abs/studies
    [folder, '.'],
  ];
  for (const [i, [cwd, spelled]] of spellings.entries()) {
    const csv = join(dir, `spelled-${i}.csv`);
    const r = await runCliIn(cwd, ['score', spelled, '--recursive', '--csv', csv, '--model', 'small-a']);
    assert.equal(r.code, 1, r.stderr); // c.jpg is not an image
    assert.deepEqual(await fileColumn(csv), ['a.png', 'b.dcm', 'c.jpg', 'sub/d.png'], `alveo score ${spelled} (in ${cwd})`);
  }
});

test('merge: a relative-run part and an absolute-run part of the same shard are refused, naming the file and both parts', async () => {
  const { dir, folder } = cli.fx;
  // A shard with rows: which files a shard holds depends on a hash of their names.
  let shard = '0/2';
  const rel = join(dir, 'rel-part.csv');
  await runCliIn(dir, ['score', basename(folder), '--recursive', '--shard', shard, '--csv', rel, '--model', 'small-a']);
  if ((await fileColumn(rel)).length === 0) {
    shard = '1/2';
    await runCliIn(dir, ['score', basename(folder), '--recursive', '--shard', shard, '--csv', rel, '--model', 'small-a']);
  }
  const abs = join(dir, 'abs-part.csv');
  await runCliIn(dir, ['score', folder, '--recursive', '--shard', shard, '--csv', abs, '--model', 'small-a']);
  const other = join(dir, 'abs-other.csv');
  await runCliIn(dir, ['score', folder, '--recursive', '--shard', shard === '0/2' ? '1/2' : '0/2', '--csv', other, '--model', 'small-a']);
  const out = join(dir, 'mixed.csv');
  const merged = await runCliIn(dir, ['merge', rel, abs, other, '--csv', out, '--folder', folder, '--recursive']);
  assert.equal(merged.code, 1, merged.stderr);
  const first = (await fileColumn(abs))[0];
  assert.match(merged.stderr, /file\(s\) appear more than once/);
  assert.ok(merged.stderr.includes(`${first} `) && merged.stderr.includes('rel-part.csv:') && merged.stderr.includes('abs-part.csv:'), merged.stderr);
  await assert.rejects(readFile(out), /ENOENT/);

  // A part an older Alveo wrote for `cd DIR && alveo score studies`: its names carry "studies/".
  const old = join(dir, 'old-part.csv');
  const text = await readFile(rel, 'utf8');
  await writeFile(old, text.split('\n').map((l, i) => (i === 0 || l === '' ? l : `${basename(folder)}/${l}`)).join('\n'));
  const withFolder = await runCliIn(dir, ['merge', old, abs, other, '--csv', out, '--folder', folder, '--recursive']);
  assert.equal(withFolder.code, 1, withFolder.stderr);
  assert.ok(withFolder.stderr.includes(`${first} ('${basename(folder)}/${first}' at ${old}:`) && withFolder.stderr.includes(`'${first}' at ${abs}:`), withFolder.stderr);
  const withoutFolder = await runCliIn(dir, ['merge', old, abs, other, '--csv', out]);
  assert.equal(withoutFolder.code, 1, withoutFolder.stderr);
  assert.match(withoutFolder.stderr, /may name the same image two ways: .*Give --folder FOLDER/);
  await assert.rejects(readFile(out), /ENOENT/);
});
