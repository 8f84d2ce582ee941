// A site calibration says when its own fit cannot be judged: on site images the model already
// separates perfectly (every PNEUMONIA score above every NORMAL one) the threshold and temperature
// are not estimates. The card records it, and activating that model then asks first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardActivationCaution } from '../../../src-main/api/activation-caution';
import { calibrateOnLogits, perfectlySeparated } from '../../../src-main/engine/training/calibrate-site';
import { testCard } from '../inference/support/test-card';

const parent = testCard({ id: 'default', name: 'Alveo default', inputSize: 224, trained: true });

function calibrate(logits: number[], labels: number[], method: 'calibrate' | 'adapt' = 'calibrate') {
  return calibrateOnLogits({
    parentLogits: logits,
    logits,
    labels,
    patients: logits.map((_, i) => `p${i}`),
    parent,
    targetSensitivity: 0.95,
    method,
    site: { root: '/site', images: { NORMAL: 24, PNEUMONIA: 24 }, patients: { NORMAL: 24, PNEUMONIA: 24 }, skipped: 0 },
    fittedOn: 'all 48 decodable site images',
  }).calibration;
}

const labels = Array.from({ length: 48 }, (_, i) => (i < 24 ? 1 : 0));

test('separated site images: said in the notes, recorded, and activation asks first', () => {
  const logits = labels.map((y, i) => (y ? 1 + 0.1 * (i % 5) : -1 - 0.1 * (i % 7)));
  assert.equal(perfectlySeparated(logits, labels), true);
  const cal = calibrate(logits, labels);
  assert.equal(cal.separated, true);
  assert.ok(cal.notes.some((n) => /already separates these images perfectly/.test(n)), cal.notes.join('\n'));
  assert.ok(cal.notes.some((n) => /stopped at its lower limit \(0\.5\)/.test(n)), `a temperature of ${cal.temperature} at the bound is said: ${cal.notes.join('\n')}`);
  const card = testCard({ id: 'site', inputSize: 224, trained: true, parent: 'default', calibration: cal });
  const caution = cardActivationCaution(card, parent);
  assert.equal(caution.confirm, true);
  assert.match(caution.reasons.find((r) => r.kind === 'separated-site')?.text ?? '', /^Fitted on 48 images of the site that the model already separated perfectly/);
});

test('overlapping site images: no such note, nothing to confirm for it', () => {
  // Every fourth image of each class scores like the other class.
  const logits = labels.map((y, i) => ((y === 1) !== (i % 4 === 0) ? 1 + (i % 3) : -1 - (i % 3)));
  assert.equal(perfectlySeparated(logits, labels), false);
  const cal = calibrate(logits, labels);
  assert.equal(cal.separated, false);
  assert.ok(!cal.notes.some((n) => /separates these images perfectly|stopped at its/.test(n)), cal.notes.join('\n'));
  const card = testCard({ id: 'site', inputSize: 224, trained: true, parent: 'default', calibration: cal });
  assert.ok(!cardActivationCaution(card, parent).reasons.some((r) => r.kind === 'separated-site'));
  assert.equal(perfectlySeparated([1, 2], [1, 1]), false, 'one class only is not "separated"');
});

test('after adaptation the note says it is the adapted model that separates the held-out images, not its parent', () => {
  const logits = labels.map((y, i) => (y ? 1 + 0.1 * (i % 5) : -1 - 0.1 * (i % 7)));
  const notes = calibrate(logits, labels, 'adapt').notes;
  assert.ok(notes.some((n) => /^The adapted model separates these held-out images perfectly/.test(n)), notes.join('\n'));
  assert.ok(!notes.some((n) => /already separates/.test(n)));
});
