// The bad-input rule in one assertion: the promise fails with an AlveoError of this code that names
// the file (in `file` and at the start of its message) and says the cause.
import assert from 'node:assert/strict';
import { AlveoError } from '../../src-main/api/errors';

export async function rejectsWithFileError(promise: Promise<unknown>, path: string, code: string, words: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AlveoError, `expected AlveoError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, path);
    assert.ok(err.message.startsWith(path), err.message);
    assert.match(err.message, words);
    return true;
  });
}
