// --swa 1 (stochastic weight averaging) evaluates the uniform average of the raw weights at the end
// of every epoch so far. With a constant learning rate, a 2-epoch run's first epoch is exactly a
// 1-epoch run, so the 2-epoch run's SWA weights must equal the mean of the two runs' last raw
// weights; and what the run evaluated and kept is that average.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECIPE, SMALL_RUN, runPython, skipRecipe as skip } from './support/python-recipe';

const CHECK = `
import sys, torch
one = torch.load(sys.argv[1], map_location="cpu")
two = torch.load(sys.argv[2], map_location="cpu")
assert two["swa_n"] == 2 and one["swa_n"] == 1, (one["swa_n"], two["swa_n"])
worst = 0.0
for k, v in two["swa"].items():
    if not v.is_floating_point() or "running" in k or "num_batches" in k:
        continue
    worst = max(worst, float((v - (one["model"][k] + two["model"][k]) / 2).abs().max()))
moved = max(float((two["model"][k] - one["model"][k]).abs().max()) for k in two["model"] if two["model"][k].is_floating_point())
print(f"{worst} {moved}")
`;

test('train_default.py --swa 1: the evaluated weights are the mean of the per-epoch weights', { skip, timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'alveo-swa-'));
  try {
    const args = [...SMALL_RUN.filter((a, i, all) => a !== '--epochs' && all[i - 1] !== '--epochs'), '--micro-batch', '8', '--swa', '1', '--ema', '0', '--lr-schedule', 'constant', '--warmup-epochs', '0'];
    runPython([join(RECIPE, 'train_default.py'), ...args, '--epochs', '1', '--out', join(work, 'one')]);
    runPython([join(RECIPE, 'train_default.py'), ...args, '--epochs', '2', '--out', join(work, 'two')]);
    const [worst, moved] = runPython(['-c', CHECK, join(work, 'one', 'checkpoint.pt'), join(work, 'two', 'checkpoint.pt')]).trim().split(' ').map(Number);
    assert.ok(moved > 1e-3, `the second epoch did not move the weights (${moved})`);
    assert.ok(worst < 1e-6, `SWA weights differ from the mean of the epochs' weights by ${worst}`);
    const result = JSON.parse(readFileSync(join(work, 'two', 'result.json'), 'utf8')) as { ran: { swa: boolean; lr_schedule: string }; history: { lr: number }[] };
    assert.equal(result.ran.swa, true);
    assert.equal(result.ran.lr_schedule, 'constant');
    assert.deepEqual(result.history.map((h) => h.lr), [1e-3, 1e-3], 'constant learning rate');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
