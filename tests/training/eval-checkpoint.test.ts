// eval_checkpoint.py re-evaluates the weights kept in a run's checkpoint.pt on the run's own
// validation sets. On a small real run it must reproduce the run's own figures for the chosen
// weights exactly (same split, same precise-BN images, same threshold rule), and report the raw
// and EMA weights of the last epoch as the different models they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECIPE, SMALL_RUN, runPython, skipRecipe as skip } from './support/python-recipe';

interface Metrics {
  n: number;
  auc: number;
  loss: number;
  confusion: Record<'tp' | 'fp' | 'tn' | 'fn', number>;
}
type Row = { threshold: number } & Record<'id' | 'shifted', Metrics>;

test('eval_checkpoint.py: reproduces the run\'s chosen weights exactly; raw and EMA weights differ', { skip, timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'alveo-evalckpt-'));
  try {
    const out = join(work, 'run');
    runPython([join(RECIPE, 'train_default.py'), ...SMALL_RUN, '--micro-batch', '8', '--out', out]);
    runPython([join(RECIPE, 'eval_checkpoint.py'), out, '--json', join(work, 'eval.json')]);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { best_epoch: number; threshold: { value: number }; validation: Metrics; validation_shifted: Metrics };
    const evals = JSON.parse(readFileSync(join(work, 'eval.json'), 'utf8')) as { epochs: number; weights: Record<string, Row> };
    assert.equal(evals.epochs, 2);
    const chosen = evals.weights[`chosen (EMA, epoch ${result.best_epoch})`];
    assert.ok(chosen, `no row for the chosen epoch ${result.best_epoch}: ${Object.keys(evals.weights).join(', ')}`);
    assert.ok(Math.abs(chosen.threshold - result.threshold.value) < 1e-6, `threshold ${chosen.threshold} vs the run's ${result.threshold.value}`);
    for (const [mine, theirs] of [[chosen.id, result.validation], [chosen.shifted, result.validation_shifted]] as const) {
      assert.equal(mine.n, theirs.n);
      assert.deepEqual(mine.confusion, theirs.confusion);
      assert.ok(Math.abs(mine.auc - theirs.auc) < 1e-9 && Math.abs(mine.loss - theirs.loss) < 1e-5, `AUC ${mine.auc} / loss ${mine.loss} vs ${theirs.auc} / ${theirs.loss}`);
    }
    const raw = evals.weights['raw (last epoch)'];
    const ema = evals.weights['EMA (last epoch)'];
    assert.ok(Math.abs(raw.shifted.loss - ema.shifted.loss) > 1e-4, `raw and EMA weights gave the same loss ${raw.shifted.loss}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
