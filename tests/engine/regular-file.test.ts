// files/regular-file.ts: a file someone else may have planted (a model's card.json, a dataset's
// patients.csv) is read or copied only when it is a regular file. A named pipe in its place used to
// block the reader for good (review 44 F2); a socket or a folder is named for what it is too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { copyRegularFile, readRegularFile, readRegularFileSync } from '../../src-main/engine/files/regular-file';
import { makeFifo } from '../cli/support/fifo';
import { rejectsWithFileError } from '../support/rejects-with-file-error';
import { tempDir } from '../support/temp-dir';

const fifos: Array<{ release(): Promise<void> }> = [];
let socket: Server | undefined;
after(async () => {
  await Promise.all(fifos.map((f) => f.release()));
  socket?.close();
});

/** Rejects after 5 s (freeing what the pipes hold), so an unfixed reader fails instead of hanging the run. */
async function promptly<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.all(fifos.map((f) => f.release()));
      reject(new Error('still waiting after 5 s: blocked on a named pipe'));
    }, 5000);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

test('a regular file is read whole and copied byte for byte, its mode kept', async () => {
  const dir = await tempDir('alveo-regular-');
  const file = join(dir, 'card.json');
  writeFileSync(file, '{"id":"é"}', { mode: 0o640 });
  assert.equal(await readRegularFile(file, 'utf8'), '{"id":"é"}');
  assert.deepEqual(await readRegularFile(file), Buffer.from('{"id":"é"}'));
  assert.equal(readRegularFileSync(file, 'utf8'), '{"id":"é"}');
  await copyRegularFile(file, join(dir, 'copy.json'));
  assert.equal(readFileSync(join(dir, 'copy.json'), 'utf8'), '{"id":"é"}');
  assert.equal(statSync(join(dir, 'copy.json')).mode & 0o777, 0o640);
});

test('a named pipe is refused at once by each reader and by the copy, the file named', async () => {
  const dir = await tempDir('alveo-regular-');
  const pipe = join(dir, 'patients.csv');
  fifos.push(makeFifo(pipe));
  const words = /^.*: not a regular file \(a named pipe\)$/;
  await rejectsWithFileError(promptly(readRegularFile(pipe, 'utf8')), pipe, 'BAD_ARGUMENT', words);
  await rejectsWithFileError(promptly(copyRegularFile(pipe, join(dir, 'copy.csv'))), pipe, 'BAD_ARGUMENT', words);
  // Unfixed, readFileSync blocks this whole process: a child frees it after 3 s so the test fails, not hangs.
  const rescuer = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(pipe)}, ''), 3000)`], { stdio: 'ignore' });
  try {
    assert.throws(() => readRegularFileSync(pipe, 'utf8'), (err: Error & { file?: string }) => err.file === pipe && words.test(err.message));
  } finally {
    rescuer.kill();
  }
});

test('a socket, a folder and a missing file: each said for what it is', async () => {
  const dir = await tempDir('alveo-regular-');
  const sock = join(dir, 'model.json');
  socket = createServer();
  await new Promise<void>((ok) => socket?.listen(sock, ok));
  await rejectsWithFileError(readRegularFile(sock), sock, 'BAD_ARGUMENT', /not a regular file \(a socket\)/);
  mkdirSync(join(dir, 'w.bin'));
  await rejectsWithFileError(readRegularFile(join(dir, 'w.bin')), join(dir, 'w.bin'), 'BAD_ARGUMENT', /is a folder, not a file/);
  // Not an AlveoError: the callers tell "no such file" apart by its code.
  await assert.rejects(readRegularFile(join(dir, 'gone.json')), { code: 'ENOENT' });
});
