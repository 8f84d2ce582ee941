// Newcombe's score interval for AUC (the floor under an evaluation's AUC interval): it agrees with a
// plain grid scan of its defining inequality, does not collapse at AUC 1, and covers the true AUC
// about 95% of the time on simulated folders whose true AUC is known.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aucScoreInterval } from '../../../src-main/engine/training/auc-score-interval';
import { rocAuc } from '../../../src-main/engine/training/metrics';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';

const Z = 1.959964;

/** Every θ on a grid with |auc - θ| <= z·sqrt(V(θ)): its smallest and largest. */
function gridInterval(auc: number, m: number, n: number): { low: number; high: number } {
  const s = (m + n) / 2 - 1;
  const v = (t: number) => (t * (1 - t) * (1 + (s * (1 - t)) / (2 - t) + (s * t) / (1 + t))) / (m * n);
  let low = 1;
  let high = 0;
  for (let k = 0; k <= 100000; k++) {
    const t = k / 100000;
    if (Math.abs(auc - t) <= Z * Math.sqrt(v(t))) {
      low = Math.min(low, t);
      high = Math.max(high, t);
    }
  }
  return { low, high };
}

test('aucScoreInterval agrees with a grid scan, and is not a point at AUC 1', () => {
  for (const [auc, m, n] of [
    [0.8, 30, 40],
    [0.97, 12, 50],
    [1, 5, 5],
    [1, 24, 53],
    [0.5, 3, 3],
  ] as const) {
    const i = aucScoreInterval(auc, m, n)!;
    const g = gridInterval(auc, m, n);
    assert.ok(Math.abs(i.low - g.low) < 2e-5 && Math.abs(i.high - g.high) < 2e-5, `${auc} (${m}, ${n}): ${JSON.stringify(i)} vs ${JSON.stringify(g)}`);
    assert.ok(i.low <= auc && auc <= i.high);
  }
  assert.ok(aucScoreInterval(1, 24, 53)!.low < 0.97);
  assert.equal(aucScoreInterval(1, 0, 5), null, 'no interval without both classes');
});

test('aucScoreInterval covers the true AUC about 95% of the time (binormal folders, 15 + 15, true AUC 0.95)', () => {
  const random = seededRandom(7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // AUC = Φ(d / √2): d = √2 · Φ⁻¹(0.95) gives 0.95.
  const d = Math.SQRT2 * 1.644854;
  let covered = 0;
  const runs = 600;
  for (let r = 0; r < runs; r++) {
    const probs: number[] = [];
    const labels: number[] = [];
    for (let k = 0; k < 15; k++) {
      probs.push(normal() + d);
      labels.push(1);
      probs.push(normal());
      labels.push(0);
    }
    const i = aucScoreInterval(rocAuc(probs, labels), 15, 15)!;
    if (i.low <= 0.95 && 0.95 <= i.high) covered++;
  }
  assert.ok(covered / runs > 0.92 && covered / runs < 0.995, `covered ${covered} of ${runs}`);
});
