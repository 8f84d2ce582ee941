// The viewer's spoken words (review 24 H1, M7, M10): the AI reading with its notes, the reason an
// answer is held back, and where the heat map is strongest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Prediction } from '../../../src-main/api/contract';
import { aiReading, heatSummary, type ReadingLike } from '../../../src-renderer/src/components/announcements';

const prediction = (over: Partial<Prediction> = {}): Prediction => ({ file: '/x/a.jpeg', probability: 0.925, label: 'PNEUMONIA', threshold: 0.475, model: 'm', ms: 10, warnings: [], ...over });
const reading = (p: Prediction | null, over: Partial<ReadingLike> = {}): ReadingLike => ({ predicting: false, error: null, prediction: p, answerShown: Boolean(p && !p.warnings.length), hasWarnings: Boolean(p?.warnings.length), ...over });

test('a shown answer: score, side of the threshold, and the notes said beside it', () => {
  const p = prediction({ notes: ['A JPEG records no patient age or view, so Alveo could not check them'] });
  assert.equal(aiReading(reading(p)), 'AI reading: model score 92.5%, pneumonia suspected (threshold 47.5%). A JPEG records no patient age or view, so Alveo could not check them.');
  assert.match(aiReading(reading(prediction({ probability: 0.085, label: 'NORMAL' }))), /^AI reading: model score 8\.5%, no pneumonia suspected/);
});

test('held back: the first warning is the reason, and no score is said', () => {
  const p = prediction({ warnings: ['This is an adult (62 years old): the model was trained on children.', 'Lateral view.'] });
  const said = aiReading(reading(p));
  assert.equal(said, 'The AI answer is held back: This is an adult (62 years old): the model was trained on children. 1 more warning in the AI panel.');
  assert.doesNotMatch(said, /92\.5|suspected/);
  // Shown anyway: the score, marked unreliable with the same reason.
  assert.match(aiReading(reading(p, { answerShown: true })), /^AI reading: model score 92\.5%.*Unreliable here: This is an adult/);
});

test('reading and failing are said too', () => {
  assert.equal(aiReading(reading(null, { predicting: true })), 'Reading the image.');
  assert.equal(aiReading(reading(null, { error: { title: 'The engine stopped' } })), 'The model could not read the image: The engine stopped.');
  assert.equal(aiReading(reading(null)), '');
});

test('the heat summary names the zone and half with the most heat, and the hot share', () => {
  const rows = 30;
  const columns = 20;
  const heat = new Float32Array(rows * columns);
  // Hot in the lower third, right half.
  for (let y = 22; y < 28; y++) for (let x = 12; x < 18; x++) heat[y * columns + x] = 1;
  heat[0] = 0.2;
  assert.equal(heatSummary({ rows, columns, heat }), 'Strongest heat: lower zone, right half of the image as stored; 6% of the image above half the maximum.');
  assert.equal(heatSummary({ rows, columns, heat: new Float32Array(rows * columns) }), null, 'an empty map has no strongest place');
});

test('read first: a computed answer waiting for the reader says nothing of itself', () => {
  const said = aiReading(reading(prediction(), { answerShown: false, awaitingReaderRead: true }));
  assert.equal(said, 'The AI answer is hidden until you record your read.');
  assert.doesNotMatch(said, /92\.5|suspected|held back/);
});

test('a file is named by its last part on POSIX and Windows paths (the compare bar, the announcer)', async () => {
  const { fileName } = await import('../../../src-renderer/src/components/announcements');
  assert.equal(fileName('/data/a b/x.dcm'), 'x.dcm');
  assert.equal(fileName('C:\\Users\\rad\\studies\\y.dcm'), 'y.dcm');
});
