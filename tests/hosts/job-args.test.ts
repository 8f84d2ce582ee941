// cancelJob's arguments at the door (validate-args.ts): the job id, and optionally what the job
// keeps of its work ('keep' | 'discard'); anything else is refused before the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs } from '../../src-main/hosts/validate-args';

test('cancelJob takes a job id and an optional keep/discard choice', () => {
  assert.equal(checkArgs('cancelJob', ['train-1234']), null);
  assert.equal(checkArgs('cancelJob', ['train-1234', 'keep']), null);
  assert.equal(checkArgs('cancelJob', ['train-1234', 'discard']), null);
  assert.equal(checkArgs('cancelJob', ['train-1234', undefined]), null);
});

test('cancelJob refuses an odd choice, a missing id and extra arguments', () => {
  assert.match(checkArgs('cancelJob', ['train-1234', 'maybe']) ?? '', /choice must be one of keep, discard/);
  assert.match(checkArgs('cancelJob', []) ?? '', /jobId must be a string/);
  assert.match(checkArgs('cancelJob', ['train-1234', 'keep', true]) ?? '', /at most 2 argument/);
});

test("startScore's subfolders are folder names: '.', '..' and paths are refused at the door", () => {
  assert.equal(checkArgs('startScore', [{ folder: '/data', subfolders: ['week 1', 'a..b', '.hidden'] }]), null);
  for (const bad of ['..', '.', 'a/b', '..\\up']) {
    assert.match(checkArgs('startScore', [{ folder: '/data', subfolders: ['ok', bad] }]) ?? '', /spec\.subfolders.* must be a folder's name, not a path/, JSON.stringify(bad));
  }
});
