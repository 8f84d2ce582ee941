// The adaptation loss chart's epoch axis: epochs are numbered from 1, so a 5-epoch run's axis runs
// 1..5 with integer ticks, not a padded 0..6.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochDomain, niceTicks } from '../../../../src-renderer/src/panels/training/chart-scale';

test('a 5-epoch run: axis 1..5, ticks 1 to 5', () => {
  const d = epochDomain([1, 2, 3, 4, 5]);
  assert.deepEqual(d, [1, 5]);
  assert.deepEqual(niceTicks(d[0], d[1], 8).filter(Number.isInteger), [1, 2, 3, 4, 5]);
});

test('one epoch still gives an axis; no epochs yet too', () => {
  assert.deepEqual(epochDomain([1]), [1, 2]);
  assert.deepEqual(epochDomain([]), [1, 2]);
});
