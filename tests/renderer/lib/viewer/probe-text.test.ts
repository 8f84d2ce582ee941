import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeLabel, probeListText } from '../../../../src-renderer/src/lib/viewer/probe-text';

test('the probe says the modality value and the pixel, never cornerstone\'s repacked stored value', () => {
  assert.deepEqual(probeLabel({ x: 120, y: 88, mo: 812 }), ['value 812', '(120, 88)']);
  assert.equal(probeListText({ x: 120, y: 88, mo: 812 }), 'value 812 at (120, 88)');
  assert.equal(probeListText({ x: 0, y: 5, mo: -1000.12345 }), 'value -1000.123 at (0, 5)');
  assert.equal(probeLabel({ x: 1, y: 2, mo: 0.5 })[0], 'value 0.5');
  assert.ok(!probeLabel({ x: 1, y: 2, mo: 3 }).join(' ').includes('SP'));
});
