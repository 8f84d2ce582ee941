// The app's own fit of the feature guardrail's statistics (site adaptation refits them): on drawn
// Gaussian features it warns on few held-out points of the same classes and on every far one; its
// shrinkage equals the recipe's (training/pytorch/ood_stats.py), run here on the same features; the
// written statistics read back through the engine's parser and belong to the head they were fitted for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cholesky, invertSpd } from '../../../src-main/engine/maths/cholesky';
import { fitOodStats, ledoitWolf } from '../../../src-main/engine/guardrails/fit-ood-stats';
import { headMatches, oodScore, parseOodStats } from '../../../src-main/engine/guardrails/ood-stats';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';
import { python, ROOT } from '../../training/support/python-recipe';

const D = 24;
const random = seededRandom(5);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
// Two classes sharing a correlated covariance: x = mean_c + A z.
const A = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => (i === j ? 1 : j < i ? 0.3 * gauss() : 0)));
const means = [Array.from({ length: D }, () => 2 * gauss()), Array.from({ length: D }, () => 2 * gauss())];
function draw(c: number, scale = 1): number[] {
  const z = Array.from({ length: D }, gauss);
  return means[c].map((m, i) => m + scale * A[i].reduce((s, a, j) => s + a * z[j], 0));
}
const labels = Array.from({ length: 400 }, (_, i) => i % 2);
const train = labels.map((c) => draw(c));
const heldOut = Array.from({ length: 200 }, (_, i) => draw(i % 2));
const head = { weights: Array.from({ length: D }, gauss), bias: 0.25 };

test('fitted on two drawn classes: about 1% of new points of those classes are flagged, every far point is', () => {
  const file = fitOodStats({ train: { pooled: train, labels }, heldOut, head, fittedOn: 'drawn', heldOutOn: 'drawn' });
  const stats = parseOodStats(JSON.parse(JSON.stringify(file)), 'ood.json');
  assert.ok(headMatches(stats, head));
  assert.ok(!headMatches(stats, { ...head, bias: 1.5 }), 'other weights: the statistics do not apply');
  const fresh = Array.from({ length: 1000 }, (_, i) => draw(i % 2));
  const rate = fresh.filter((x) => oodScore(stats, x) >= stats.threshold).length / fresh.length;
  assert.ok(rate < 0.04, `false alarms on new in-distribution points: ${rate}`);
  const far = Array.from({ length: 100 }, (_, i) => draw(i % 2, 3));
  assert.equal(far.filter((x) => oodScore(stats, x) >= stats.threshold).length, 100, 'points three times as spread out');
  assert.match(file.thresholdRule, /^99th percentile of the score on 200 held-out images/);
});

test('Cholesky and the inverse: L Lᵀ = A and A A⁻¹ = I', () => {
  const { cov } = ledoitWolf(train.map((x) => Float64Array.from(x)), D);
  const l = cholesky(cov, D);
  const inv = invertSpd(cov, D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      let llt = 0;
      let eye = 0;
      for (let k = 0; k < D; k++) {
        llt += l[i * D + k] * l[j * D + k];
        eye += cov[i * D + k] * inv[k * D + j];
      }
      assert.ok(Math.abs(llt - cov[i * D + j]) < 1e-9);
      assert.ok(Math.abs(eye - (i === j ? 1 : 0)) < 1e-9);
    }
  }
});

test('the shrinkage equals the recipe’s Ledoit-Wolf (ood_stats.py) on the same features', { skip: python ? false : 'no python3 with numpy' }, () => {
  const centred = train.map((x, i) => x.map((v, k) => v - means[labels[i]][k]));
  const code = `import sys, json, numpy as np; sys.path.insert(0, 'training/pytorch'); from ood_stats import ledoit_wolf
x = np.array(json.load(sys.stdin)); cov, s = ledoit_wolf(x); print(json.dumps({'shrink': s, 'cov00': cov[0, 0], 'cov01': cov[0, 1]}))`;
  const r = spawnSync(python!, ['-c', code], { cwd: ROOT, input: JSON.stringify(centred), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const py = JSON.parse(r.stdout) as { shrink: number; cov00: number; cov01: number };
  const ts = ledoitWolf(centred.map((x) => Float64Array.from(x)), D);
  assert.ok(Math.abs(ts.shrink - py.shrink) < 1e-9, `${ts.shrink} vs ${py.shrink}`);
  assert.ok(Math.abs(ts.cov[0] - py.cov00) < 1e-9 && Math.abs(ts.cov[1] - py.cov01) < 1e-9);
});
