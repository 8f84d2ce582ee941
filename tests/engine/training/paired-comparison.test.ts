// Two models on the same images, compared as a pair: the same patients drawn for both in each
// replicate. A small improvement on every patient is told apart although the two models' own
// intervals overlap; identical scores differ by exactly nothing; images only one model scored, or
// whose labels disagree, are left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluatedScore } from '../../../src-main/api/evaluation';
import { bootstrapAuc } from '../../../src-main/engine/training/bootstrap-auc';
import { pairedComparison } from '../../../src-main/engine/training/paired-comparison';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';

function scores(n: number, shift: number, seed: number): EvaluatedScore[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = (i % 2) as 0 | 1;
    // A noisy score; model b sees the same noise plus a nudge towards the truth.
    const noise = random();
    const base = 0.35 * label + 0.65 * noise;
    return { file: `f${i}`, label, patient: `p${i}`, probability: Math.min(1, Math.max(0, base + (label ? shift : -shift))) };
  });
}

test('a consistent improvement is told apart by the pairing though the marginal AUC intervals overlap', () => {
  const a = scores(300, 0, 5);
  const b = scores(300, 0.015, 5);
  const marginal = (s: EvaluatedScore[]) => bootstrapAuc(s.map((x) => x.probability), s.map((x) => x.label), s.map((x) => x.patient));
  const [ma, mb] = [marginal(a), marginal(b)];
  assert.ok(ma.high > mb.low, `the marginal intervals overlap: [${ma.low}, ${ma.high}] and [${mb.low}, ${mb.high}]`);
  const p = pairedComparison({ model: 'a', threshold: 0.5, scores: a }, { model: 'b', threshold: 0.5, scores: b });
  assert.ok(p);
  assert.equal(p.n, 300);
  assert.equal(p.patients, 300);
  assert.ok(Math.abs(p.auc.value - (mb.value - ma.value)) < 1e-12);
  assert.ok(p.auc.low > 0, `paired interval [${p.auc.low}, ${p.auc.high}] excludes 0`);
  assert.equal(p.verdict, 'b-higher');
});

test('identical scores differ by nothing; images scored by one model only or labelled otherwise are left out', () => {
  const a = scores(40, 0, 9);
  const same = pairedComparison({ model: 'a', threshold: 0.5, scores: a }, { model: 'a2', threshold: 0.5, scores: a.map((s) => ({ ...s })) });
  assert.deepEqual([same?.auc.value, same?.auc.low, same?.auc.high, same?.verdict], [0, 0, 0, 'not-told-apart']);
  const b = [...a.slice(0, 30).map((s) => ({ ...s })), { file: 'f30', label: (1 - a[30].label) as 0 | 1, patient: 'p30', probability: 0.5 }];
  assert.equal(pairedComparison({ model: 'a', threshold: 0.5, scores: a }, { model: 'b', threshold: 0.5, scores: b })?.n, 30);
  assert.equal(pairedComparison({ model: 'a', threshold: 0.5, scores: a.filter((s) => s.label === 1) }, { model: 'b', threshold: 0.5, scores: a }), null, 'one class only: nothing to compare');
});
