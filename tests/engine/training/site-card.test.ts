// What a calibrated or adapted model's card says: the threshold rule as siteThreshold() applies it
// (checked against the card's own ROC), which site images trained the weights and which set the
// threshold, and how its unlike-training check was made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdaptationRecord } from '../../../src-main/api/adaptation';
import type { ModelEntry } from '../../../src-main/api/contract';
import { calibrateOnLogits } from '../../../src-main/engine/training/calibrate-site';
import { siteCard } from '../../../src-main/engine/training/site-card';
import { ADAPT_DEFAULTS } from '../../../src-main/engine/training/adapt-options';
import { heldOutChoices } from '../../../src-main/engine/training/site-guardrail-note';
import { testCard } from '../inference/support/test-card';

const parent: ModelEntry = { id: 'default', dir: '/models/default', builtIn: true, active: true, featureGuardrail: true, card: testCard({ id: 'default', name: 'Alveo default', inputSize: 224, trained: true }) };

// 20 PNEUMONIA, 20 NORMAL. The 19th positive (95%) is at logit 1.0, the 20th at 0.5 with no NORMAL
// between: "highest threshold reaching 95%" would stop above 0.5; siteThreshold() keeps the 20th.
// Two NORMAL images score among the positives, so the classes overlap.
const pos = [4, 3.8, 3.6, 3.4, 3.2, 3, 2.8, 2.6, 2.4, 2.2, 2, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.2, 1.0, 0.5];
const neg = [2.5, 1.3, 0, -0.2, -0.4, -0.6, -0.8, -1, -1.2, -1.4, -1.6, -1.8, -2, -2.2, -2.4, -2.6, -2.8, -3, -3.2, -3.4];
const logits = [...pos, ...neg];
const labels = [...pos.map(() => 1), ...neg.map(() => 0)];
const site = { root: '/site', images: { NORMAL: 20, PNEUMONIA: 20 }, patients: { NORMAL: 20, PNEUMONIA: 20 }, skipped: 0 };

function calibrated(method: 'calibrate' | 'adapt') {
  return calibrateOnLogits({ parentLogits: logits, logits, labels, patients: logits.map((_, i) => `p${i}`), parent: parent.card, targetSensitivity: 0.95, method, site, fittedOn: 'all 40 decodable site images' });
}

test('the card states the rule siteThreshold() applies, and its threshold satisfies it on the card ROC', () => {
  const { calibration, thresholdRule } = calibrated('calibrate');
  const card = siteCard({ parent, id: 'default-calibrated', name: 'cal', calibration, thresholdRule, created: new Date(0) });
  assert.match(card.threshold.rule, /^site calibration: the highest specificity with sensitivity >= 0\.95; of the thresholds giving that specificity, the lowest .*set midway to the next lower score, on 40 site images/);
  assert.doesNotMatch(card.threshold.rule, /highest threshold/);
  const t = card.threshold.value;
  const roc = card.calibration?.after.roc ?? [];
  assert.ok(roc.length > 40, 'the full ROC is on the card');
  // Points at or above t are flagged: the lowest of them is the operating point.
  const above = roc.filter((p) => p.threshold >= t);
  const op = above[above.length - 1];
  const reaching = roc.filter((p) => p.tpr >= 0.95);
  const bestFpr = Math.min(...reaching.map((p) => p.fpr));
  assert.ok(op.tpr >= 0.95, `sensitivity ${op.tpr} at ${t}`);
  assert.equal(op.fpr, bestFpr, 'the highest specificity reaching the target');
  const next = roc.find((p) => p.threshold < t);
  assert.ok(!next || next.fpr > op.fpr, 'no lower threshold keeps that specificity');
  if (next) assert.ok(Math.abs(t - (op.threshold + next.threshold) / 2) < 1e-9, 'midway to the next lower score');
  assert.equal(op.tpr, 1, 'here the 20th positive is kept: it costs no false positive');
  assert.match(card.notes?.join('\n') ?? '', /Unlike-training check: the parent's, unchanged \(same weights/);
});

const adaptation: AdaptationRecord = {
  trainBlocks: 'layer4.1', views: 4, epochs: 5, bestEpoch: 3, stoppedEarly: false, learningRate: 1e-4, classWeights: [1, 1],
  split: { rule: 'patient-level', train: { NORMAL: 56, PNEUMONIA: 56 }, val: { NORMAL: 24, PNEUMONIA: 25 }, trainPatients: 85, valPatients: 41 },
  history: [1, 2, 3, 4, 5].map((epoch) => ({ epoch, trainLoss: 0.3, valLoss: 0.3, valAuc: 0.9, best: epoch === 3, ms: 1 })),
  featureEngine: 'onnxruntime (cpu)', ms: { features: 0, training: 0, total: 0 },
};

test('an adapted card says which images trained the weights and which set the threshold, and how weak its refitted check is', () => {
  const { calibration, thresholdRule } = calibrated('adapt');
  const big = { ...calibration, site: { ...site, images: { NORMAL: 80, PNEUMONIA: 81 } } };
  const card = siteCard({ parent, id: 'default-adapted', name: 'ad', calibration: big, thresholdRule, adaptation, guardrail: { kind: 'refitted', adaptation, parentHeldOut: 794 }, created: new Date(0) });
  assert.match(card.threshold.rule, /^site adaptation: the highest specificity with sensitivity >= 0\.95/);
  // The counts beside the words add the site's images and patients to the parent's (none stated: none summed).
  assert.deepEqual([card.trainingData.images, card.trainingData.patients], [undefined, undefined]);
  const counted = { ...parent, card: { ...parent.card, trainingData: { description: 'Parent data', credit: 'Authors', licence: 'CC BY 4.0', images: 5216, patients: 2846 } } };
  const summed = siteCard({ parent: counted, id: 'c', name: 'c', calibration: big, thresholdRule, adaptation, created: new Date(0) }).trainingData;
  assert.deepEqual([summed.images, summed.patients, summed.credit, summed.licence], [5216 + 161, 2846 + 40, 'Authors', 'CC BY 4.0']);
  // A folder the lineage learned from already (adapting again on the same site) is not counted twice.
  const again = { ...counted, card: { ...counted.card, ancestorFolders: ['/site/'] } };
  const once = siteCard({ parent: again, id: 'c2', name: 'c2', calibration: big, thresholdRule, adaptation, created: new Date(0) }).trainingData;
  assert.deepEqual([once.images, once.patients], [5216, 2846]);
  assert.match(once.description, /not counted twice/);
  // The held-out part chose the epoch and the check's cut-off too, not only the threshold and temperature.
  assert.match(card.trainingData.description, /^161 labelled images .* of the site \(112 images of 85 patients retrained the layer weights; the other 49 images of 41 patients \(held out from training\) chose the epoch kept \(epoch 3 of 5 run\), the temperature, the threshold and the unlike-training check's cut-off\)/);
  const notes = card.notes?.join('\n') ?? '';
  assert.match(notes, /retrained on 112 images of 85 patients .*; the other 49 images of 41 patients \(held out from training\) chose the epoch kept \(epoch 3 of 5 run\), the temperature, the threshold and the unlike-training check's cut-off\./);
  assert.match(notes, /Unlike-training check refitted on this site: .*112 images of 85 patients.* only 49 held-out images.*The parent's was set on 794 held-out images\. This one is weaker/);
  const kept = siteCard({ parent, id: 'x', name: 'x', calibration: big, thresholdRule, adaptation: { ...adaptation, bestEpoch: 0 }, guardrail: { kind: 'parent', reason: 'no epoch changed the weights' }, created: new Date(0) });
  assert.match(kept.notes?.join('\n') ?? '', /Unlike-training check: the parent's, unchanged \(no epoch changed the weights/);
  assert.match(kept.trainingData.description, /chose the epoch kept \(none: no epoch beat the parent's weights\), the temperature and the threshold\)/, "the parent's check was kept: its cut-off was not chosen here");
});

test("the recipe makes the model again: every option that changed it, defaults included, the folder quoted for the shell", () => {
  const cal = calibrated('calibrate').calibration;
  const at80 = { ...cal, targetSensitivity: 0.8, site: { ...cal.site, root: "/sites/St Mary's" } };
  const card = siteCard({ parent, id: 'c', name: 'c', calibration: at80, thresholdRule: 'r', created: new Date(0) });
  assert.equal(card.recipe, `alveo calibrate --data '/sites/St Mary'\\''s' --model default --sensitivity 0.8`);
  const asked = { ...ADAPT_DEFAULTS, epochs: 3, views: 2, trainBlocks: 'layer4' as const, seed: 11, sensitivity: 0.9 };
  const record = { ...adaptation, epochs: 3, views: 2, trainBlocks: 'layer4' as const, seed: 11 };
  const adapted = siteCard({ parent, id: 'a', name: 'a', calibration: { ...cal, targetSensitivity: 0.9 }, thresholdRule: 'r', adaptation: record, adaptOptions: asked, created: new Date(0) });
  assert.equal(adapted.recipe, `alveo adapt --data /site --model default --sensitivity 0.9 --epochs 3 --views 2 --blocks layer4 --seed 11 (all options: ${JSON.stringify(asked)})`);
  // A card from before the seed was recorded: no seed is made up.
  const { seed: _seed, ...older } = record;
  assert.doesNotMatch(siteCard({ parent, id: 'o', name: 'o', calibration: cal, thresholdRule: 'r', adaptation: older, created: new Date(0) }).recipe ?? '', /--seed/);
});

test("an adaptation's note says its held-out images chose the epoch, temperature, threshold and check cut-off, so every \"after\" figure is in-sample", () => {
  const { calibration } = calibrateOnLogits({ parentLogits: logits, logits, labels, patients: logits.map((_, i) => `p${i}`), parent: parent.card, targetSensitivity: 0.95, method: 'adapt', site, fittedOn: 'the 40 held-out images', chosenHere: heldOutChoices({ bestEpoch: 2, epochsRun: 3 }, true) });
  assert.equal(calibration.notes[0], `The epoch kept (epoch 2 of 3 run), the temperature, the threshold and the unlike-training check's cut-off were all chosen on these same 40 images: the "after" sensitivity, specificity and AUC are in-sample (optimistic); measure on images the adaptation did not see to confirm them.`);
  // A calibration chose only the temperature and threshold; its AUC is the parent's.
  assert.match(calibrated('calibrate').calibration.notes[0], /^Temperature and threshold were fitted on these same 40 images: the "after" sensitivity and specificity are in-sample/);
});
