// The argument rules for the worklist, model manager and site policy methods (validate-args.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WORKLIST_VIEW } from '../../src-main/api/worklist-view';
import { checkArgs } from '../../src-main/hosts/validate-args';

const spec = { jobId: 'score-1', view: DEFAULT_WORKLIST_VIEW, count: 10, includeIdentifiers: false, file: '/tmp/w.csv' };

test('well-formed worklist and model calls pass', () => {
  assert.equal(checkArgs('listDirectory', []), null);
  assert.equal(checkArgs('listDirectory', ['/data']), null);
  assert.equal(checkArgs('getThumbnail', ['/data/a.dcm', 96]), null);
  assert.equal(checkArgs('exportWorklist', [spec]), null);
  assert.equal(checkArgs('exportWorklist', [{ ...spec, file: undefined, count: undefined }]), null);
  assert.equal(checkArgs('exportModel', ['m1', '/exports']), null);
  assert.equal(checkArgs('importModel', ['/exports/m1']), null);
  assert.equal(checkArgs('getSitePolicy', []), null);
  assert.equal(checkArgs('runningScores', []), null);
  assert.equal(checkArgs('runningScores', [{ rows: false }]), null);
  assert.equal(checkArgs('runningScores', [{ rowsFrom: 120 }]), null);
  assert.equal(checkArgs('runningScores', [{ rows: false, like: { folder: '/data', recursive: true, oneView: true, modelId: 'm1', subfolders: ['s1'], label: 'PACS' } }]), null);
  assert.equal(checkArgs('setSitePolicy', [{ ageUnknown: 'read-as-child' }]), null);
});

test('odd values are refused before the engine, in plain words', () => {
  assert.match(checkArgs('getThumbnail', ['/a.dcm', 4096]) ?? '', /size must be a whole number from 16 to 512/);
  assert.match(checkArgs('getThumbnail', ['/a.dcm', 1.5]) ?? '', /whole number/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, view: { ...DEFAULT_WORKLIST_VIEW, filter: 'everything' } }]) ?? '', /filter must be one of all, pneumonia/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, view: { ...DEFAULT_WORKLIST_VIEW, sort: 'age' } }]) ?? '', /sort must be one of/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, includeIdentifiers: 'yes' }]) ?? '', /includeIdentifiers must be true or false/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, extra: 1 }]) ?? '', /spec.extra is not a known field/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, count: -1 }]) ?? '', /count must be a whole number/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, view: { ...DEFAULT_WORKLIST_VIEW, search: 'a\u0000b' } }]) ?? '', /control characters/);
  assert.match(checkArgs('importModel', ['/x\u0000y']) ?? '', /control characters/);
  assert.match(checkArgs('exportModel', ['m1']) ?? '', /destDir must be a string/);
  assert.match(checkArgs('listDirectory', ['/a', '/b']) ?? '', /at most 1 argument/);
  assert.match(checkArgs('setSitePolicy', [{ ageUnknown: 'adult' }]) ?? '', /policy.ageUnknown must be one of hold-back, read-as-child/);
  assert.match(checkArgs('setSitePolicy', [{ ageUnknown: 'hold-back', admin: true }]) ?? '', /policy.admin is not a known field/);
  assert.match(checkArgs('setSitePolicy', []) ?? '', /policy must be an object/);
  assert.match(checkArgs('runningScores', ['score-1']) ?? '', /query must be an object/);
  assert.match(checkArgs('runningScores', [{}, 'more']) ?? '', /runningScores takes at most 1 argument/);
  assert.match(checkArgs('runningScores', [{ rows: 'no' }]) ?? '', /query.rows must be true or false/);
  assert.match(checkArgs('runningScores', [{ rowsFrom: -1 }]) ?? '', /query.rowsFrom must be a whole number/);
  assert.match(checkArgs('runningScores', [{ rowsFrom: 1.5 }]) ?? '', /query.rowsFrom must be a whole number/);
  assert.match(checkArgs('runningScores', [{ jobId: 'score-1' }]) ?? '', /query.jobId is not a known field/);
  assert.match(checkArgs('runningScores', [{ like: { folder: '/data', subfolders: ['../etc'] } }]) ?? '', /must be a folder's name/);
  assert.match(checkArgs('runningScores', [{ like: { recursive: true } }]) ?? '', /query.like.folder must be a string/);
});
