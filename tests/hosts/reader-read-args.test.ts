// The argument rules for the reader's reads (validate-args.ts): the renderer says the finding, the
// note and whether the AI was on screen; who and when are the engine's to say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs } from '../../src-main/hosts/validate-args';

test("a reader's read: one of three findings, a note over lines, whether the AI was on screen", () => {
  assert.equal(checkArgs('recordRead', ['s1', { finding: 'pneumonia', afterAi: false }]), null);
  assert.equal(checkArgs('recordRead', ['s1', { finding: 'indeterminate', note: 'RLL\nsee prior', afterAi: true }]), null);
  assert.equal(checkArgs('recordRead', ['s1', { finding: 'no-pneumonia', note: '', afterAi: true }]), null);
  assert.match(checkArgs('recordRead', ['s1', { finding: 'maybe', afterAi: true }]) ?? '', /read\.finding must be one of pneumonia, no-pneumonia, indeterminate/);
  assert.match(checkArgs('recordRead', ['s1', { finding: 'pneumonia' }]) ?? '', /read\.afterAi must be true or false/);
  assert.match(checkArgs('recordRead', ['s1', { finding: 'pneumonia', afterAi: true, note: 'x'.repeat(2001) }]) ?? '', /longer than 2000/);
  assert.match(checkArgs('recordRead', ['s1', { finding: 'pneumonia', afterAi: true, note: 'a\u0000b' }]) ?? '', /control characters/);
  assert.match(checkArgs('recordRead', ['s1', { finding: 'pneumonia', afterAi: true, at: '2020-01-01' }]) ?? '', /read\.at is not a known field/);
  assert.equal(checkArgs('getRead', ['s1']), null);
  assert.match(checkArgs('clearRead', []) ?? '', /studyId must be a string/);
});

test("listReads: a worklist's paths, none at all, never something else", () => {
  assert.equal(checkArgs('listReads', [['/a.dcm', '/b.dcm']]), null);
  assert.equal(checkArgs('listReads', [[]]), null);
  assert.match(checkArgs('listReads', ['/a.dcm']) ?? '', /files must be a list/);
  assert.match(checkArgs('listReads', [['/a.dcm', 3]]) ?? '', /files\[1\] must be a string/);
});

test('a reader is named in one line of at most 64 characters, on every reads method', () => {
  assert.equal(checkArgs('recordRead', ['s1', { finding: 'pneumonia', afterAi: false, reader: 'Smith^Jane' }]), null);
  assert.equal(checkArgs('getRead', ['s1', 'Smith^Jane']), null);
  assert.equal(checkArgs('clearRead', ['s1', 'Smith^Jane']), null);
  assert.equal(checkArgs('listReads', [['/a.dcm'], 'Smith^Jane']), null);
  assert.match(checkArgs('getRead', ['s1', 'x'.repeat(65)]) ?? '', /reader is longer than 64/);
  assert.match(checkArgs('recordRead', ['s1', { finding: 'pneumonia', afterAi: false, reader: 'a\nb' }]) ?? '', /read\.reader contains control characters/);
});
