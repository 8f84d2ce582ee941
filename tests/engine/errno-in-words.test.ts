import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { errnoInWords } from '../../src-main/engine/files/errno-in-words';

test('errnoInWords: codes a user can act on in words, others as the code, never "undefined"', async () => {
  assert.equal(errnoInWords('EACCES'), 'permission denied');
  assert.equal(errnoInWords('EPERM'), 'permission denied');
  assert.equal(errnoInWords('ENOSPC'), 'the disk is full');
  assert.equal(errnoInWords('EWHATEVER'), 'EWHATEVER');
  assert.equal(errnoInWords(undefined), 'unknown error');
  assert.equal(errnoInWords(new Error('plain')), 'Error: plain');
  // A real error from the file system.
  const err = await readFile('/proc/self/mem').catch((e: unknown) => e);
  assert.ok(err instanceof Error);
  assert.equal(typeof errnoInWords(err), 'string');
  const missing = await readFile('/nonexistent/alveo').catch((e: unknown) => e);
  assert.equal(errnoInWords(missing), 'ENOENT');
});
