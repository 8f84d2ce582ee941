// Output paths are checked before any work (review 10r items 3 and 9): predict/score --dicom-out,
// score --csv, gradcam/explain --out. A refusal exits 1 with the path and the cause in plain words
// (never "EEXIST … mkdir"), before a model is loaded; /proc is refused rather than spun on. And a
// DICOM result that could not be written after all makes predict exit 1, as score does.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { outputFolderProblem } from '../../../src-main/cli/output-path-problem';
import { writeStudyImage } from '../../engine/study-sets/study-set-files';
import { useCliFixtures } from '../support/cli-fixtures';
import { REPO_ROOT, runCli, startCli, type CliResult } from '../support/run-cli';
import { callUnprivileged, noPosixPermissions } from '../support/unprivileged';

const cli = useCliFixtures();
const linux = process.platform === 'linux' ? false : '/proc is Linux';
const noUlimit = process.platform === 'win32' ? 'no ulimit on Windows' : false;

async function aFile(name: string): Promise<string> {
  const file = join(cli.fx.dir, name);
  await writeFile(file, 'not a folder\n');
  return file;
}

/** Refused before the work: exit 1, the message, no result on stdout, no Node error text. */
function assertRefused(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, message);
  assert.equal(r.stdout, '', 'nothing scored');
  assert.doesNotMatch(r.stderr, /EEXIST|EISDIR|ENOENT|ENOTDIR|scored \d/);
}

test('predict --dicom-out: a file, or a path through a file, is refused before scoring', async () => {
  const file = await aFile('dicom-out-file');
  assertRefused(await runCli(['predict', cli.fx.dcm, '--dicom-out', file, '--model', 'small-a'], cli.env), new RegExp(`^alveo predict: --dicom-out ${file}: ${file} is a file, not a folder\\n$`));
  assertRefused(await runCli(['predict', cli.fx.dcm, '--dicom-out', join(file, 'sub'), '--model', 'small-a'], cli.env), /--dicom-out .*dicom-out-file\/sub: .*dicom-out-file is a file, not a folder/);
});

test('predict and score --dicom-out /proc/…, score --csv /proc/…: refused at once, no endless mkdir', { skip: linux, timeout: 60_000 }, async () => {
  for (const args of [
    ['predict', cli.fx.dcm, '--dicom-out', '/proc/alveo-nope/out'],
    ['score', cli.fx.folder, '--dicom-out', '/proc/alveo-nope'],
    ['score', cli.fx.folder, '--csv', '/proc/alveo-nope.csv'],
  ]) {
    const run = startCli([...args, '--model', 'small-a'], cli.env);
    const guard = setTimeout(() => run.child.kill('SIGKILL'), 20_000); // the spin never ends by itself
    const r = await run.done;
    clearTimeout(guard);
    assert.equal(r.signal, null, `${args.join(' ')}: killed after 20 s`);
    assertRefused(r, /: \/proc is a system folder of the kernel, where no files can be written\n$/);
  }
});

test('score --dicom-out into a file: refused before scoring', async () => {
  const file = await aFile('score-dicom-out-file');
  assertRefused(await runCli(['score', cli.fx.folder, '--dicom-out', file, '--model', 'small-a'], cli.env), new RegExp(`^alveo score: --dicom-out ${file}: ${file} is a file, not a folder\\n$`));
});

test('a folder nobody may write in is refused for --dicom-out and --csv, naming it', { skip: noPosixPermissions }, async () => {
  const ro = join(cli.fx.dir, 'read-only');
  await mkdir(ro);
  await chmod(cli.fx.dir, 0o755); // reachable by nobody
  await chmod(ro, 0o555);
  const folder = await callUnprivileged<string | null>('src-main/cli/output-path-problem.ts', 'outputFolderProblem', ['--dicom-out', join(ro, 'new', 'out')]);
  assert.equal(folder, `--dicom-out ${join(ro, 'new', 'out')}: cannot create files in ${ro} (permission denied)`);
  const csv = await callUnprivileged<string | null>('src-main/cli/score-csv-target.ts', 'csvTargetProblem', [join(ro, 'scores.csv')]);
  assert.equal(csv, `--csv ${join(ro, 'scores.csv')}: cannot create files in ${ro} (permission denied)`);
  assert.equal(await callUnprivileged<string | null>('src-main/cli/output-path-problem.ts', 'outputFolderProblem', ['--dicom-out', join(cli.fx.dir, 'writable-by-root-only')]), `--dicom-out ${join(cli.fx.dir, 'writable-by-root-only')}: cannot create files in ${cli.fx.dir} (permission denied)`);
  // Where files can be made, the check's probe file is gone again.
  const fine = join(cli.fx.dir, 'fine');
  await mkdir(fine);
  assert.equal(await outputFolderProblem('--dicom-out', fine), null);
  assert.deepEqual(await readdir(fine), [], 'the check leaves nothing behind');
});

test('predict --dicom-out exits 1 when a DICOM result cannot be written (a file size limit), and says so', { skip: noUlimit }, async () => {
  const dcm = await writeStudyImage(join(cli.fx.dir, 'uids.dcm'), { study: '1.2.826.0.1.3680043.9.55.1', series: '1.2.826.0.1.3680043.9.55.1.1', view: 'PA' }, { rows: 96 });
  assert.equal((await runCli(['--version'], cli.env)).code, 0); // the build is current: the limit must not meet a rebuild
  const out = join(cli.fx.dir, 'efbig');
  // bash's ulimit -f counts KiB: an SR or a capture is larger, the checks before (a probe file) are not.
  const child = spawn('bash', ['-c', 'ulimit -f 2; exec "$0" "$@"', process.execPath, join(REPO_ROOT, 'bin/alveo.mjs'), 'predict', dcm, '--dicom-out', out, '--model', 'small-a', '--json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...cli.env },
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 1, stdout);
  const line = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(typeof line.probability, 'number', 'the image is still scored');
  assert.match(String(line.dicomFailed), /EFBIG/);
  assert.equal(line.dicom, undefined);
});

test('gradcam and explain --out: a folder or a path through a file is refused before the work', async () => {
  const folder = join(cli.fx.dir, 'an-out-folder');
  await mkdir(folder);
  const file = await aFile('out-file');
  for (const command of ['gradcam', 'explain']) {
    const inFolder = await runCli([command, cli.fx.png, '--out', folder, '--model', 'small-a'], cli.env);
    assertRefused(inFolder, new RegExp(`^alveo ${command}: --out ${folder} is a folder: give a file name such as ${command}\\.png\\n$`));
    const throughFile = await runCli([command, cli.fx.png, '--out', join(file, 'x.png'), '--model', 'small-a'], cli.env);
    assertRefused(throughFile, new RegExp(`^alveo ${command}: --out ${file}/x\\.png: ${file} is a file, not a folder\\n$`));
  }
  // LIME's progress never started: the refusal came first.
  const lime = await runCli(['explain', cli.fx.png, '--method', 'lime', '--out', folder, '--model', 'small-a'], cli.env);
  assert.doesNotMatch(lime.stderr, /LIME:/);
  assert.deepEqual(await readdir(folder), []);
});
