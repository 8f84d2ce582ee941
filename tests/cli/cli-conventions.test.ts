// What every alveo command does the same way (src-main/cli/cli-conventions.ts, applied in main.ts):
// --help prints its usage and exits 0, unknown options exit 2, --version, the documented exit
// codes, --json as one JSON object per line, score --columns, and the CLI and web host running
// from compiled JavaScript (a run that would load tsx or a .ts file fails).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { parseCsv } from '../engine/inference/support/parse-csv';
import { SCORE_CSV_COLUMNS } from '../../src-main/engine/inference/score-csv';
import { REPO_ROOT, runCli } from './support/run-cli';

const COMMANDS = readdirSync(join(REPO_ROOT, 'src-main/cli/commands'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3));
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
let folder: string;
let env: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-cli-conv-'));
  folder = join(dir, 'studies');
  await mkdir(folder, { recursive: true });
  env = { ALVEO_HOME: join(dir, 'home') };
  await writeGrayPng(join(folder, 'a.png'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  await writeDicom(join(folder, '1.2.826.0.1.99.7'), {
    rows: 80,
    columns: 64,
    bitsAllocated: 16,
    bitsStored: 12,
    pixels: chestPhantom(80, 64, 100, 3000),
    attributes: { PatientName: 'DOE^JANE', PatientID: 'PID-7', StudyDate: '20240301', PatientAge: '004Y' },
  });
  await writeFile(join(folder, 'broken.jpg'), 'this is text, not a JPEG');
  await writeFile(join(folder, 'notes.txt'), 'reviewed\n');
  // Build once up front, so the per-command runs below do not race to build it.
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/alveo.mjs'), '--version'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});
after(() => rm(dir, { recursive: true, force: true }));

test('every command: --help and -h print its usage and the exit codes, exit 0', async () => {
  assert.ok(COMMANDS.length >= 10, COMMANDS.join(' '));
  for (const name of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      const r = await runCli([name, flag], env);
      assert.equal(r.code, 0, `${name} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: alveo ${name}\\b`), `${name} ${flag}`);
      assert.match(r.stdout, /Exit codes: 0 ok; 1 some inputs failed \(each says why\) or the whole run failed[^]*130 cancelled by Ctrl-C, 143 by SIGTERM/);
    }
  }
});

test('every command: an unknown option is refused with exit 2, naming it and the usage', async () => {
  for (const name of COMMANDS) {
    const r = await runCli([name, '--no-such-option'], env);
    assert.equal(r.code, 2, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /--no-such-option/, name);
    assert.match(r.stderr, new RegExp(`usage: alveo ${name}\\b`), name);
  }
});

test('alveo --version, alveo help CMD, an unknown command', async () => {
  const v = await runCli(['--version'], env);
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), `alveo ${VERSION}`);
  const h = await runCli(['help', 'score'], env);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /^usage: alveo score /);
  const all = await runCli(['--help'], env);
  assert.equal(all.code, 0);
  for (const name of COMMANDS) assert.match(all.stdout, new RegExp(`\\n  ${name}\\b`));
  assert.match(all.stdout, /Exit codes/);
  const u = await runCli(['no-such-command'], env);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /unknown command 'no-such-command'/);
});

test('score --json: one JSON object per line, one line per file (scored, failed or skipped); exit 1 as one failed', async () => {
  const r = await runCli(['score', folder, '--json'], env);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => basename(String(l.file))).sort(), ['1.2.826.0.1.99.7', 'a.png', 'broken.jpg', 'notes.txt']);
  // Named inside the folder, as the CSV names them: an absolute path can name people and places.
  assert.ok(lines.every((l) => !String(l.file).startsWith('/') && !String(l.file).includes(dir)), r.stdout);
  const by = Object.fromEntries(lines.map((l) => [basename(String(l.file)), l]));
  assert.equal(typeof by['a.png'].probability, 'number');
  assert.equal(by['a.png'].error, null);
  assert.match(String(by['broken.jpg'].error), /not a DICOM, JPEG or PNG/);
  assert.equal(by['notes.txt'].skipped, 'a text file');
  assert.equal(JSON.stringify(by['1.2.826.0.1.99.7']).includes('DOE'), false, 'no patient identifiers unless asked');
});

test('score --columns adds attribute columns (identifiers only when asked); an unknown keyword is a usage error', async () => {
  const plain = await runCli(['score', folder], env);
  assert.equal(parseCsv(plain.stdout)[0].length, SCORE_CSV_COLUMNS.length);
  assert.doesNotMatch(plain.stdout, /DOE\^JANE|PID-7/);
  const r = await runCli(['score', folder, '--columns', 'PatientName,PatientID,StudyDate,PatientAge'], env);
  assert.equal(r.code, 1, r.stderr);
  const csv = parseCsv(r.stdout);
  assert.deepEqual(csv[0].slice(SCORE_CSV_COLUMNS.length), ['path', 'PatientName', 'PatientID', 'StudyDate', 'PatientAge']);
  const dcm = csv.find((f) => f[0].endsWith('1.2.826.0.1.99.7'));
  assert.deepEqual(dcm?.slice(SCORE_CSV_COLUMNS.length), [join(folder, '1.2.826.0.1.99.7'), 'DOE^JANE', 'PID-7', '20240301', '004Y']);
  const j = await runCli(['score', folder, '--json', '--columns', 'PatientID'], env);
  const line = j.stdout.split('\n').find((l) => l.includes('1.2.826.0.1.99.7')) ?? '';
  assert.deepEqual((JSON.parse(line) as { attributes: unknown }).attributes, { PatientID: 'PID-7' });
  assert.equal((JSON.parse(line) as { file: string }).file, '1.2.826.0.1.99.7', 'named as without identifiers');
  assert.equal((JSON.parse(line) as { path: string }).path, join(folder, '1.2.826.0.1.99.7'), 'with identifiers, the path as scored beside it');
  const bad = await runCli(['score', folder, '--columns', 'PatientName,NoSuchKeyword'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /NoSuchKeyword/);
});

test('score --csv OUT --bom: the file starts with a UTF-8 byte-order mark', async () => {
  const out = join(dir, 'scores.csv');
  const r = await runCli(['score', folder, '--csv', out, '--bom'], env);
  assert.equal(r.code, 1, r.stderr);
  const text = await readFile(out, 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff);
  assert.ok(text.slice(1).startsWith('file,probability,label'));
});

test('predict: exit 0 when all files scored, 1 when some failed (each line says which)', async () => {
  const ok = await runCli(['predict', join(folder, 'a.png'), '--json'], env);
  assert.equal(ok.code, 0, ok.stderr);
  const some = await runCli(['predict', join(folder, 'a.png'), join(folder, 'broken.jpg'), '--json'], env);
  assert.equal(some.code, 1);
  assert.equal(some.stdout.trimEnd().split('\n').length, 2);
});

test('the CLI and the web host run compiled JavaScript: nothing loads tsx or a .ts file', () => {
  const block = join(REPO_ROOT, 'tests/cli/support/no-typescript.mjs');
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', block, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  const version = run([join(REPO_ROOT, 'bin/alveo.mjs'), '--version']);
  assert.equal(version.status, 0, version.stderr);
  const inspect = run([join(REPO_ROOT, 'bin/alveo.mjs'), 'inspect', join(folder, '1.2.826.0.1.99.7'), '--json']);
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.match(JSON.parse(inspect.stdout).pixelMd5, /^[0-9a-f]{32}$/);
  const web = run([join(REPO_ROOT, 'bin/alveo-web.mjs'), '--help']);
  assert.equal(web.status, 0, web.stderr);
  assert.match(web.stdout, /alveo-web/);
  // The blocker itself works: loading the TypeScript CLI through tsx is refused.
  const ts = run(['--import', 'tsx', join(REPO_ROOT, 'src-main/cli/main.ts'), '--version']);
  assert.notEqual(ts.status, 0);
});

test('merge --json: one summary line; study: exit 1 when a file cannot be read', async () => {
  const parts = [join(dir, 'p0.csv'), join(dir, 'p1.csv')];
  for (const [i, p] of parts.entries()) assert.notEqual((await runCli(['score', folder, '--shard', `${i}/2`, '--csv', p], env)).code, 2);
  const m = await runCli(['merge', ...parts, '--csv', join(dir, 'all.csv'), '--folder', folder, '--json'], env);
  assert.equal(m.code, 0, m.stderr);
  const lines = m.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]), { csv: join(dir, 'all.csv'), rows: 3, parts: 2, failed: 1, model: 'default', complete: true });
  const ok = await runCli(['study', join(folder, 'a.png'), '--json'], env);
  assert.equal(ok.code, 0, ok.stderr);
  const bad = await runCli(['study', join(folder, 'a.png'), join(folder, 'broken.jpg'), '--json'], env);
  assert.equal(bad.code, 1, bad.stderr);
  assert.equal(bad.stdout.trimEnd().split('\n').length, 1);
});

test('a source newer than the build makes bin/alveo.mjs rebuild before running (a checkout never runs stale code)', async () => {
  const { utimes } = await import('node:fs/promises');
  const current = () => (JSON.parse(readFileSync(join(REPO_ROOT, 'out/node/current.json'), 'utf8')) as { id: string }).id;
  assert.equal((await runCli(['--version'], env)).code, 0);
  const before = current();
  const source = join(REPO_ROOT, 'src-main/cli/cli-conventions.ts');
  const now = new Date();
  await utimes(source, now, now); // newer than the build; content unchanged
  const r = await runCli(['--version'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(current(), before, 'a new build became current');
});

test('score of a folder that does not exist: exit 1, no CSV header on stdout (a piped script gets nothing)', async () => {
  const r = await runCli(['score', join(dir, 'no-such-folder')], env);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /not found/);
  const empty = join(dir, 'empty');
  await mkdir(empty);
  const e = await runCli(['score', empty], env);
  assert.equal(e.code, 1, e.stderr); // no image: not a success for a scheduled run
  assert.match(e.stdout, /^file,probability,label/, 'an empty folder is still a CSV with its header');
});
