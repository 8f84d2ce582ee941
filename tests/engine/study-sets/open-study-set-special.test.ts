// Study sets never block on a named pipe (review 10r item 6: `alveo study FIFO` hung in open()):
// given by path, as a DICOMDIR, or found in a folder, it is named for what it is. An empty file
// says so, as opening it does.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStudySet } from '../../../src-main/engine/study-sets/open-study-set';
import { readImageHeader } from '../../../src-main/engine/study-sets/read-image-header';
import { makeFifo } from '../../cli/support/fifo';
import { writeChestJpeg } from './study-set-files';

const noFifos = process.platform === 'win32' ? 'no named pipes in the file system on Windows' : false;
let dir: string;
const fifos: ReturnType<typeof makeFifo>[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-sets-fifo-'));
});
after(async () => {
  for (const f of fifos) await f.release(); // frees a reader left blocked by a failing test
  await rm(dir, { recursive: true, force: true });
});

function fifo(path: string): string {
  const f = makeFifo(path);
  fifos.push(f);
  return f.path;
}

test('a named pipe given by path: an error that says so, at once', { skip: noFifos, timeout: 15_000 }, async () => {
  const pipe = fifo(join(dir, 'pipe.dcm'));
  await assert.rejects(readImageHeader(pipe), /pipe\.dcm: not a regular file \(a named pipe\)/);
  const set = await openStudySet([pipe]);
  assert.deepEqual(set.errors, [{ file: pipe, error: 'not a regular file (a named pipe)', code: 'NOT_AN_IMAGE' }]);
  assert.equal(set.images, 0);
});

test('a named pipe in a folder is skipped with why; one called DICOMDIR is an error, not a hang', { skip: noFifos, timeout: 15_000 }, async () => {
  const folder = join(dir, 'folder');
  await mkdir(folder);
  const jpeg = await writeChestJpeg(folder, 'a.jpg', 64);
  const pipe = fifo(join(folder, 'b.jpeg'));
  const set = await openStudySet([folder]);
  assert.equal(set.images, 1);
  assert.equal(set.studies[0].series[0].images[0].file, jpeg);
  assert.deepEqual(set.skipped, [{ file: pipe, reason: 'not a regular file (a named pipe)' }]);

  const media = join(dir, 'media');
  await mkdir(media);
  const index = fifo(join(media, 'DICOMDIR'));
  const fromIndex = await openStudySet([media]);
  assert.deepEqual(fromIndex.errors, [{ file: index, error: 'not a regular file (a named pipe)', code: 'NOT_AN_IMAGE' }]);
});

test('an empty file given by path: "the file is empty", as opening it says', async () => {
  const empty = join(dir, 'empty.dcm');
  await writeFile(empty, '');
  const set = await openStudySet([empty]);
  assert.deepEqual(set.errors, [{ file: empty, error: 'the file is empty', code: 'NOT_AN_IMAGE' }]);
});
