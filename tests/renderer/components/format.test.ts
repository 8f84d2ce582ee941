import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percent, scorePercent } from '../../../src-renderer/src/components/format';

test('scorePercent never rounds a score to certainty it does not have (review 11 L3)', () => {
  assert.equal(percent(0.9996), '100.0%', 'plain rounding would say certain');
  assert.equal(scorePercent(0.9996), '> 99.9%');
  assert.equal(scorePercent(0.99949), '99.9%');
  assert.equal(scorePercent(1), '100.0%');
  assert.equal(scorePercent(0.0003), '< 0.1%');
  assert.equal(scorePercent(0.0005), '0.1%');
  assert.equal(scorePercent(0), '0.0%');
  assert.equal(scorePercent(0.4753), '47.5%');
});
