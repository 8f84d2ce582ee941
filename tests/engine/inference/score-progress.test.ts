import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressMeter, type ScoreProgress } from '../../../src-main/engine/inference/score-progress';

test('progress is throttled to the given rate but the last update always goes out', () => {
  const seen: ScoreProgress[] = [];
  const meter = new ProgressMeter(1000, (p) => seen.push(p), 10);
  for (let i = 0; i <= 1000; i++) meter.update(i); // a burst far faster than 10 Hz
  assert.ok(seen.length <= 3, `${seen.length} updates for a burst`);
  assert.equal(seen[0].done, 0);
  assert.equal(seen[0].etaMs, null);
  const last = seen.at(-1)!;
  assert.equal(last.done, 1000);
  assert.equal(last.etaMs, 0);
  assert.ok(last.imagesPerSecond! > 0);
});

test('ETA is remaining work at the rate so far', async () => {
  const seen: ScoreProgress[] = [];
  const meter = new ProgressMeter(10, (p) => seen.push(p), 1000);
  await new Promise((r) => setTimeout(r, 50));
  meter.update(5);
  const p = seen.at(-1)!;
  assert.equal(p.done, 5);
  // Half done: the remaining half takes as long as the elapsed time.
  assert.ok(Math.abs(p.etaMs! - p.elapsedMs) < 1e-6 * p.elapsedMs + 1e-9, `${p.etaMs} vs ${p.elapsedMs}`);
  assert.ok(Math.abs(p.imagesPerSecond! - 5 / (p.elapsedMs / 1000)) < 1e-9);
});

test('cache hits are counted but left out of the rate: none computed, no rate; the ETA keeps the overall pace', async () => {
  const seen: ScoreProgress[] = [];
  const meter = new ProgressMeter(10, (p) => seen.push(p), 1000);
  await new Promise((r) => setTimeout(r, 50));
  meter.update(4, 4);
  const allCached = seen.at(-1)!;
  assert.equal(allCached.fromCache, 4);
  assert.equal(allCached.imagesPerSecond, null, 'no image was computed: no rate');
  assert.ok(allCached.etaMs !== null && Math.abs(allCached.etaMs - (6 / 4) * allCached.elapsedMs) < 1e-6 * allCached.elapsedMs + 1e-9);
  await new Promise((r) => setTimeout(r, 20));
  meter.update(6, 4);
  const mixed = seen.at(-1)!;
  assert.equal(mixed.fromCache, 4);
  assert.ok(Math.abs(mixed.imagesPerSecond! - 2 / (mixed.elapsedMs / 1000)) < 1e-9, 'two computed images over the elapsed time');
});
