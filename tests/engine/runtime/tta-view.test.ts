// The app's test-time views are the PyTorch recipe's: writeView on normalised NHWC images equals
// normalise(tta_view(x)) from training/pytorch/augment.py (affine_grid + grid_sample, bilinear, zero
// padding) for the recipe's own TTA_VIEWS and for larger zooms and shifts that reach the padding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGENET_MEAN, IMAGENET_STD } from '../../../src-main/engine/model/card-file';
import { writeView, type TtaView } from '../../../src-main/engine/runtime/tta-view';
import { python, RECIPE, runPython } from '../../training/support/python-recipe';

const TORCH_VIEWS = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from augment import TTA_VIEWS, tta_view
spec = json.load(open(sys.argv[2]))
n, s = spec["n"], spec["size"]
x = torch.tensor(spec["raw"], dtype=torch.float32).view(n, s, s, 3).permute(0, 3, 1, 2).contiguous()
mean = torch.tensor(spec["mean"]).view(1, 3, 1, 1)
std = torch.tensor(spec["std"]).view(1, 3, 1, 1)
views = [list(v) for v in TTA_VIEWS] + spec["extra_views"]
out = [((tta_view(x, *v) - mean) / std).permute(0, 2, 3, 1).reshape(-1).tolist() for v in views]
print(json.dumps({"views": views, "out": out}))
`;

test('writeView matches the recipe\'s tta_view (torch grid_sample) within 1e-5', { skip: !python && 'no python3 with torch (apt install python3-torch)' }, () => {
  const n = 2;
  const size = 24; // even and small: every view moves pixels by fractions, some past the edge
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const raw = Array.from({ length: n * size * size * 3 }, rand);
  const work = mkdtempSync(join(tmpdir(), 'alveo-tta-'));
  try {
    const spec = join(work, 'spec.json');
    writeFileSync(spec, JSON.stringify({ n, size, raw, mean: IMAGENET_MEAN, std: IMAGENET_STD, extra_views: [[1.3, 0.1, -0.2], [0.6, -0.25, 0.15]] }));
    const torch = JSON.parse(runPython(['-c', TORCH_VIEWS, RECIPE, spec])) as { views: TtaView[]; out: number[][] };
    assert.equal(torch.views.length, 7);
    assert.deepEqual(torch.views[0], [1, 0, 0], 'the recipe\'s first view is the image as is');
    const normalised = Float32Array.from(raw, (v, i) => (v - IMAGENET_MEAN[i % 3]) / IMAGENET_STD[i % 3]);
    const per = n * size * size * 3;
    const dst = new Float32Array(per * torch.views.length);
    torch.views.forEach((v, k) => writeView(normalised, n, size, v, { mean: IMAGENET_MEAN, std: IMAGENET_STD }, dst, k * per));
    torch.views.forEach((v, k) => {
      let worst = 0;
      let moved = 0;
      for (let i = 0; i < per; i++) {
        worst = Math.max(worst, Math.abs(dst[k * per + i] - torch.out[k][i]));
        moved = Math.max(moved, Math.abs(dst[k * per + i] - normalised[i]));
      }
      assert.ok(worst < 1e-5, `view ${JSON.stringify(v)}: largest difference from torch ${worst}`);
      if (k > 0) assert.ok(moved > 0.1, `view ${JSON.stringify(v)} left the image unchanged`);
    });
    // Zoomed out past the edge: the padding is black in the raw image, -mean/std once normalised.
    const corner = 6 * per; // the 0.6 zoom view, image 0, pixel (0, 0)
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(dst[corner + c] + IMAGENET_MEAN[c] / IMAGENET_STD[c]) < 1e-5, `padding channel ${c}: ${dst[corner + c]}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
