import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { replaceAtomically, writeFileAtomic } from '../../../src-main/engine/inference/write-file-atomic';

test('writes through a temp file and leaves only the target', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'alveo-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'sub', 'out.csv');
  await writeFileAtomic(file, 'a,b\n');
  await writeFileAtomic(file, 'c,d\n', 0o600);
  assert.equal(await readFile(file, 'utf8'), 'c,d\n');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(join(dir, 'sub')), ['out.csv']);
});

test('a failed write keeps the old file and removes the temp file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'alveo-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'out.png');
  await writeFileAtomic(file, 'old');
  await assert.rejects(
    replaceAtomically(file, async (tmp) => {
      await writeFileAtomic(tmp, 'half');
      throw new Error('encoder failed');
    }),
    /encoder failed/,
  );
  assert.equal(await readFile(file, 'utf8'), 'old');
  assert.deepEqual(await readdir(dir), ['out.png']);
});
