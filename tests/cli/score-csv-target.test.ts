import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partialCsvName } from '../../src-main/cli/score-csv-target';

test('partialCsvName: beside the target, named partial, whatever the target is called', () => {
  assert.equal(partialCsvName('/out/scores.csv'), '/out/scores.partial.csv');
  assert.equal(partialCsvName('/out/SCORES.CSV'), '/out/SCORES.partial.csv');
  assert.equal(partialCsvName('results'), 'results.partial.csv');
  assert.equal(partialCsvName('/out/a.csv.bak'), '/out/a.csv.bak.partial.csv');
  // A partial file given as the target gets its own partial name, never itself.
  assert.equal(partialCsvName('/out/x.partial.csv'), '/out/x.partial.partial.csv');
});
