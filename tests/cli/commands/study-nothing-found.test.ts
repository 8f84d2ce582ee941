// `alveo study` text output when there is little to show (review 10r item 6): an empty folder or a
// folder of non-images says that no image was found (and lists what was skipped, with why); a
// named pipe is refused at once, not waited on; when every image fails to decode the exit code is 1.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeDicom } from '../../fixtures/write-dicom';
import { writeStudyImage } from '../../engine/study-sets/study-set-files';
import { useCliFixtures } from '../support/cli-fixtures';
import { makeFifo } from '../support/fifo';
import { runCli, startCli } from '../support/run-cli';

const cli = useCliFixtures();
const noFifos = process.platform === 'win32' ? 'no named pipes in the file system on Windows' : false;
const fifos: ReturnType<typeof makeFifo>[] = [];
after(async () => {
  for (const f of fifos) await f.release();
});
const SR = '1.2.840.10008.5.1.4.1.1.88.22';

test('an empty folder: "no images found", exit 1', async () => {
  const empty = join(cli.fx.dir, 'empty');
  await mkdir(empty);
  const r = await runCli(['study', empty, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, `no images found in ${empty} (nothing there to read)\n`);
});

test('only non-images, in a folder or given by path: each skipped one listed with why, exit 1', async () => {
  const folder = join(cli.fx.dir, 'non-images');
  await mkdir(folder);
  const sr = join(folder, 'report.dcm');
  await writeDicom(sr, { rows: 1, columns: 1, pixels: null, sopClassUid: SR });
  await writeFile(join(folder, 'notes.txt'), 'a note\n');
  const r = await runCli(['study', folder, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    r.stdout,
    [
      `no images found in ${folder}: 2 skipped (listed below)`,
      `${join(folder, 'notes.txt')}: skipped: a text file`,
      `${sr}: skipped: a Structured Report (SR) document, not an image`,
      '',
    ].join('\n'),
  );
  const byPath = await runCli(['study', sr, '--model', 'small-a'], cli.env);
  assert.equal(byPath.code, 1, byPath.stderr);
  assert.match(byPath.stdout, /^no images found in .*report\.dcm: 1 skipped \(listed below\)\n.*report\.dcm: skipped: a Structured Report \(SR\) document, not an image\n$/);
});

test('every image fails to decode: each says why, exit 1', async () => {
  const folder = join(cli.fx.dir, 'undecodable');
  await mkdir(folder);
  // HTJ2K: the header reads (the study groups), the pixels cannot be decoded.
  const S = '1.2.826.0.1.3680043.9.66';
  await writeStudyImage(join(folder, 'a.dcm'), { study: S, series: `${S}.1`, view: 'PA' }, { rows: 64, transferSyntaxUid: '1.2.840.10008.1.2.4.201' });
  const r = await runCli(['study', folder, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /a\.dcm PA {2}error: /);
});

test('a named pipe given by path, or in a folder: refused or skipped at once, never waited on', { skip: noFifos, timeout: 60_000 }, async () => {
  const folder = join(cli.fx.dir, 'with-pipe');
  await mkdir(folder);
  const pipe = makeFifo(join(folder, 'pipe.jpeg'));
  fifos.push(pipe);
  for (const [target, expected] of [
    [pipe.path, `${pipe.path}: error: not a regular file (a named pipe)`],
    [folder, `${pipe.path}: skipped: not a regular file (a named pipe)`],
  ]) {
    const run = startCli(['study', target, '--model', 'small-a'], cli.env);
    const guard = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    const r = await run.done;
    clearTimeout(guard);
    assert.equal(r.signal, null, `${target}: still waiting after 20 s`);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes(expected), r.stdout);
  }
});
