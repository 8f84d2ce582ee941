// Calibration's image minimum (20 per class) can be met by one patient's images (review 30 F1):
// the card then says how few patients the fit rests on, and the intervals count patients (21
// images of one child give the sensitivity interval of one patient, not Wilson's 0.845 for 21/21).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrateOnLogits } from '../../../src-main/engine/training/calibrate-site';
import { testCard } from '../inference/support/test-card';

const parent = testCard({ id: 'default', name: 'Alveo default', inputSize: 224, trained: true });
const Z = 1.959964;

function calibrate(patients: string[], labels: number[], logits: number[]) {
  return calibrateOnLogits({
    parentLogits: logits,
    logits,
    labels,
    patients,
    parent,
    targetSensitivity: 0.95,
    method: 'calibrate',
    site: { root: '/site', images: { NORMAL: 20, PNEUMONIA: 21 }, patients: { NORMAL: 20, PNEUMONIA: 1 }, skipped: 0 },
    fittedOn: 'all 41 decodable site images',
  }).calibration;
}

test('21 PNEUMONIA images of one patient: the note says 1 patient, and sensitivity’s interval is one patient’s', () => {
  const labels = [...Array(21).fill(1), ...Array(20).fill(0)];
  const patients = labels.map((y, i) => (y ? 'person23' : `IM-${i}`));
  const logits = labels.map((y, i) => (y ? 2 + 0.05 * i : -2 - 0.05 * i));
  const cal = calibrate(patients, labels, logits);
  const note = cal.notes.find((n) => n.startsWith('Only '));
  assert.equal(
    note,
    "Only 1 PNEUMONIA patient (21 images): fewer than 20 patients per class (the minimum counts images, and a patient's images mostly agree). " +
      'The 95% intervals count patients; the threshold and temperature fitted here may not hold for other patients: bring more patients before relying on them.',
  );
  // Wilson's lower bound at 100% on 1 patient: 1 / (1 + z²) = 0.207 (on 21 images it would be 0.845).
  for (const fig of [cal.before, cal.after]) {
    assert.equal(fig.sensitivity.value, 1);
    assert.ok(Math.abs(fig.sensitivity.low - 1 / (1 + Z * Z)) < 1e-9, JSON.stringify(fig.sensitivity));
  }
});

test('20 patients per class with one image each: no such note', () => {
  const labels = [...Array(20).fill(1), ...Array(20).fill(0)];
  const patients = labels.map((_, i) => `p${i}`);
  const logits = labels.map((y, i) => (y ? 1 + (i % 3) : -1 - (i % 3)) * (i % 5 === 0 ? -1 : 1));
  assert.equal(calibrate(patients, labels, logits).notes.some((n) => n.startsWith('Only ')), false);
});
