// A user folder a group shares (an administrator gave it one: user-folder-mode.ts) can hold a named
// pipe another account planted in place of settings.json, a store (PACS nodes) or the last scoring
// run (review 44 F2): each is refused or passed over at once, never waited on, and never written over.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readJsonObject } from '../../src-main/engine/files/read-json-object';
import { readSettings, settingsFile, updateSettings } from '../../src-main/engine/user-folder/settings-file';
import { lastScoreRunFile, readLastScoreRun } from '../../src-main/engine/worklist/last-score-run';
import { makeFifo } from '../cli/support/fifo';
import { rejectsWithFileError } from '../support/rejects-with-file-error';
import { tempDir } from '../support/temp-dir';

const PIPE = /not a regular file \(a named pipe\)/;
const fifos: Array<{ release(): Promise<void> }> = [];
after(async () => {
  await Promise.all(fifos.map((f) => f.release()));
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

test('settings.json that is a named pipe: reading and updating are refused at once, the pipe left as it is', async () => {
  const home = await tempDir('alveo-home-fifo-');
  const file = settingsFile(home);
  fifos.push(makeFifo(file));
  await rejectsWithFileError(promptly(readSettings(home)), file, 'BAD_ARGUMENT', PIPE);
  await rejectsWithFileError(promptly(updateSettings(home, { activeModel: 'x' }, { replaceDamaged: true })), file, 'BAD_ARGUMENT', PIPE);
  assert.ok((await lstat(file)).isFIFO(), 'not set aside nor written over');
});

test('a store file or the last scoring run that is a named pipe: refused or passed over at once', async () => {
  const home = await tempDir('alveo-home-fifo-');
  const store = join(home, 'nodes.json');
  fifos.push(makeFifo(store));
  await rejectsWithFileError(promptly(readJsonObject(store, { what: 'the PACS nodes file' })), store, 'BAD_ARGUMENT', PIPE);
  mkdirSync(join(home, 'worklist'));
  fifos.push(makeFifo(lastScoreRunFile(home)));
  assert.equal(await promptly(readLastScoreRun(home)), null);
});
