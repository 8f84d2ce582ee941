import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { explainLime, type LimeFit } from '../../../src-main/engine/inference/lime';
import { runtimePredictBatch } from '../../../src-main/engine/inference/lime-predict';
import { slicSuperpixels } from '../../../src-main/engine/inference/lime-superpixels';
import { modelPixels } from '../../../src-main/engine/inference/preprocess';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { createTfjsRuntime } from '../../../src-main/engine/runtime/tfjs-runtime';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { BLOB_INPUT, blobModel } from './support/blob-model';
import { drawGray, writeGrayPng, type Box } from './support/draw-png';

const ROWS = 240;
const COLS = 320;
const S = BLOB_INPUT;

/** Is model-grid pixel i (at S x S) inside the box drawn on the ROWS x COLS study? Pixel centres. */
function insideBox(i: number, b: Box): boolean {
  const y = ((Math.floor(i / S) + 0.5) * ROWS) / S;
  const x = (((i % S) + 0.5) * COLS) / S;
  return y >= b.top && y < b.top + b.height && x >= b.left && x < b.left + b.width;
}

function regionPixels(fit: LimeFit, region: number): number[] {
  const out: number[] = [];
  fit.superpixels.labels.forEach((l, i) => l === region && out.push(i));
  return out;
}

async function limeOf(boxes: Box[], opts: Parameters<typeof explainLime>[4] = {}) {
  const tf = await getTf('wasm');
  const dir = await mkdtemp(join(tmpdir(), 'alveo-lime-'));
  try {
    const file = join(dir, 'blobs.png');
    await writeGrayPng(file, ROWS, COLS, boxes);
    const loaded = blobModel(tf);
    const pixels = await modelPixels(await loadStudy(file), loaded.card);
    return { pixels, fit: await explainLime(pixels, S, loaded.card.preprocessing, runtimePredictBatch(createTfjsRuntime(tf, loaded)), opts) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The blob model (support/blob-model.ts) raises its score for mid-gray and lowers it for white:
// LIME's top regions must lie on the gray square, the white square's regions must weigh < 0.
for (const [name, gray, white] of [
  ['top left', { top: 40, left: 40, height: 80, width: 96, value: 128 }, { top: 120, left: 200, height: 80, width: 96, value: 255 }],
  ['moved to bottom right', { top: 140, left: 210, height: 80, width: 96, value: 128 }, { top: 30, left: 20, height: 80, width: 96, value: 255 }],
] as [string, Box, Box][]) {
  test(`LIME's top regions cover the gray square that raises the score (${name}), not the white one`, async () => {
    const { fit, pixels } = await limeOf([gray, white]);
    assert.equal(fit.samples, 1000);
    assert.ok(fit.superpixels.count >= 30 && fit.superpixels.count <= 70, `${fit.superpixels.count} superpixels`);
    assert.ok(fit.top.length >= 2, `top ${fit.top}`);
    let covered = 0;
    for (const r of fit.top) {
      const px = regionPixels(fit, r);
      const inGray = px.filter((i) => insideBox(i, gray)).length;
      assert.ok(inGray / px.length >= 0.85, `top region ${r}: ${inGray} of ${px.length} pixels on the gray square`);
      covered += inGray;
    }
    const squarePixels = [...Array(S * S).keys()].filter((i) => insideBox(i, gray)).length;
    assert.ok(covered / squarePixels >= 0.6, `top regions cover ${covered} of the square's ${squarePixels} pixels`);
    // Regions of (mostly) pure white lower the probability when present. (The white square's
    // resized rim, ~224, raises it a little: A0 - 4 A1 > 0 there; that is the model, not noise.)
    let whiteRegions = 0;
    for (let r = 0; r < fit.superpixels.count; r++) {
      const px = regionPixels(fit, r);
      if (px.filter((i) => pixels[i] >= 250).length / px.length > 0.8) {
        whiteRegions++;
        assert.ok(fit.weights[r] < 0, `white region ${r} weight ${fit.weights[r]}`);
      }
    }
    assert.ok(whiteRegions >= 2, `${whiteRegions} white regions`);
    assert.ok(fit.r2 > 0.9, `surrogate R^2 ${fit.r2}`);
    assert.ok(fit.probability > 0 && fit.probability < 1);
  });
}

test('LIME stops at the next batch when cancelled, and says so', async () => {
  const controller = new AbortController();
  const seen: number[] = [];
  await assert.rejects(
    limeOf([{ top: 40, left: 40, height: 80, width: 96, value: 128 }], {
      signal: controller.signal,
      batch: 16,
      onProgress: (done) => {
        seen.push(done);
        if (done >= 32) controller.abort();
      },
    }),
    (err: Error & { code?: string }) => err.code === 'CANCELLED' && /LIME cancelled/.test(err.message),
  );
  assert.deepEqual(seen, [0, 16, 32], 'no batch runs after the cancel');
});

test('SLIC superpixels: about the wanted number, every label used and connected, edges followed', () => {
  const px = drawGray(64, 64, [{ top: 10, left: 12, height: 20, width: 24, value: 200 }]);
  const sp = slicSuperpixels(px, 64, 64, { regions: 49 });
  assert.ok(sp.count >= 35 && sp.count <= 60, `${sp.count} regions`);
  const sizes = new Array<number>(sp.count).fill(0);
  for (const l of sp.labels) sizes[l]++;
  assert.ok(sizes.every((n) => n > 0), 'no empty label');
  // No region straddles the square's edge: each is (almost) all inside or all outside.
  for (let r = 0; r < sp.count; r++) {
    let inside = 0;
    sp.labels.forEach((l, i) => l === r && px[i] === 200 && inside++);
    assert.ok(inside / sizes[r] < 0.1 || inside / sizes[r] > 0.9, `region ${r}: ${inside}/${sizes[r]} inside`);
  }
  // Connected: a flood fill from any pixel of a region reaches all of it.
  for (let r = 0; r < sp.count; r++) {
    const start = sp.labels.indexOf(r);
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % 64;
      for (const j of [x > 0 ? i - 1 : -1, x < 63 ? i + 1 : -1, i - 64, i + 64]) {
        if (j >= 0 && j < 4096 && sp.labels[j] === r && !seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
      }
    }
    assert.equal(seen.size, sizes[r], `region ${r} is in pieces`);
  }
});
