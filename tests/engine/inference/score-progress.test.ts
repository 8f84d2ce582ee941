import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultCache } from '../../../src-main/engine/inference/result-cache';
import { scoreFiles } from '../../../src-main/engine/inference/score-folder';
import { ProgressMeter, type ScoreProgress } from '../../../src-main/engine/inference/score-progress';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { blobModel } from './support/blob-model';
import { writeGrayPng } from './support/draw-png';
import { tfjsRunner } from './support/tfjs-runtime';

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

/** A clock the test moves by hand: the figures are exact, whatever the machine's load. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('ETA is remaining work at the rate so far', () => {
  const seen: ScoreProgress[] = [];
  const clock = fakeClock();
  const meter = new ProgressMeter(10, (p) => seen.push(p), 1000, undefined, clock.now);
  clock.advance(50);
  meter.update(5);
  const p = seen.at(-1)!;
  assert.deepEqual([p.done, p.elapsedMs, p.imagesPerSecond, p.etaMs], [5, 50, 100, 50], 'half done in 50 ms: the other half takes 50 ms');
});

test('cache hits are counted but left out of the rate and the ETA: none computed, no rate and no ETA', () => {
  const seen: ScoreProgress[] = [];
  const clock = fakeClock();
  const meter = new ProgressMeter(10, (p) => seen.push(p), 1000, undefined, clock.now);
  clock.advance(50);
  meter.update(4, 4);
  const allCached = seen.at(-1)!;
  assert.equal(allCached.fromCache, 4);
  assert.equal(allCached.imagesPerSecond, null, 'no image was computed: no rate');
  assert.equal(allCached.etaMs, null, 'no computed image to time the rest by');
  clock.advance(20);
  meter.update(6, 4);
  const mixed = seen.at(-1)!;
  assert.equal(mixed.fromCache, 4);
  // Two computed images over the 20 ms they took (the 50 ms of hits before are not computing time).
  assert.equal(mixed.imagesPerSecond, 100);
  // The hits came first (a resume): none of the 4 files left is taken as a hit.
  assert.equal(mixed.etaMs, 40);
  meter.update(10, 8);
  assert.equal(seen.at(-1)!.etaMs, 0, 'nothing left');
});

test('new files among cached ones (a folder that grew): the ETA counts only the share of files likely to need the model', () => {
  const seen: ScoreProgress[] = [];
  const clock = fakeClock();
  const meter = new ProgressMeter(1000, (p) => seen.push(p), 1000, undefined, clock.now);
  // Nine of every ten files are cached: one computed image (10 ms) per group of ten.
  for (let k = 1; k <= 30; k++) {
    clock.advance(10);
    meter.update(10 * k, 9 * k);
  }
  const p = seen.at(-1)!;
  assert.equal(p.done, 300);
  assert.equal(p.imagesPerSecond, 100);
  // 700 files left, about 70 of them new: ~0.7 s (the old ETA took all 700 as new: 7 s). The share
  // is read over the last 200 files (180 hits), counting one more as new: 180/201.
  assert.ok(Math.abs(p.etaMs! - 700 * (1 - 180 / 201) * 10) < 1e-6, `ETA ${p.etaMs} ms`);
});

test('a stretch of hits after one computed file never makes the ETA 0 while files are left', () => {
  const seen: ScoreProgress[] = [];
  const clock = fakeClock();
  const meter = new ProgressMeter(1000, (p) => seen.push(p), 1000, undefined, clock.now);
  clock.advance(100);
  meter.update(1, 0); // one file needed the model
  for (let i = 2; i <= 367; i++) {
    clock.advance(1); // then 366 hits, a millisecond each
    meter.update(i, i - 1);
  }
  const p = seen.at(-1)!;
  assert.equal(p.done, 367);
  assert.ok(p.etaMs! > 0, `633 files left, ETA ${p.etaMs}`);
});

test('the rate follows the recent pace: a run that speeds up shows its new speed, not the average since the start', () => {
  const seen: ScoreProgress[] = [];
  const clock = fakeClock();
  const meter = new ProgressMeter(100, (p) => seen.push(p), 1000, { rateMs: 150, hitFiles: 200 }, clock.now);
  for (let i = 1; i <= 5; i++) {
    clock.advance(100); // slow: 10 images/s
    meter.update(i);
  }
  for (let i = 6; i <= 25; i++) {
    clock.advance(2); // fast: 500 images/s
    meter.update(i);
  }
  // The window holds the last 150 ms of computing: the 20 fast images and most of the last slow one.
  const recent = seen.at(-1)!.imagesPerSecond!;
  assert.ok(recent > 100 && recent <= 500, `recent ${recent}/s; the whole run's average is ${25 / 0.54}/s`);
});

test('a resumed run (the first half cached): the ETA is the files left at the rate of computed images', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'alveo-progress-'));
  try {
    const folder = join(dir, 'studies');
    await mkdir(folder);
    for (let i = 0; i < 12; i++) await writeGrayPng(join(folder, `img${String(i).padStart(2, '0')}.png`), 64, 64, [{ top: 4 * i, left: 8, height: 10, width: 20, value: 200 }], 40);
    const tf = await getTf('wasm');
    const loaded = blobModel(tf);
    loaded.entry.dir = join(dir, 'model');
    await mkdir(loaded.entry.dir);
    await writeFile(join(loaded.entry.dir, 'card.json'), '{}');
    const userDir = join(dir, 'home');
    // The first run is "cancelled" after 6 images: score those 6 alone, so they are in the cache.
    const files = (await readdir(folder)).sort().map((f) => join(folder, f));
    await scoreFiles(files.slice(0, 6), { ...tfjsRunner(tf, loaded), cache: await ResultCache.open(userDir, loaded.entry) });
    const seen: ScoreProgress[] = [];
    // Progress goes out at most 10 times a second: a pause after two computed rows makes the next
    // report go out, whatever the speed of this machine.
    const pause = (row: unknown, i: number) => (i === 7 || i === 9) && Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120);
    const resumed = await scoreFiles(files, { ...tfjsRunner(tf, loaded), cache: await ResultCache.open(userDir, loaded.entry), batchSize: 2, onRow: pause, onProgress: (p) => seen.push(p) });
    assert.equal(resumed.fromCache, 6);
    const mixed = seen.filter((p) => p.done < p.total && p.done > p.fromCache);
    assert.ok(mixed.length >= 1, `a report while computing: ${seen.map((p) => `${p.done}/${p.fromCache}`).join(' ')}`);
    const cachedOnly = seen.filter((p) => p.done > 0 && p.done === p.fromCache);
    assert.ok(cachedOnly.every((p) => p.etaMs === null), 'while only cache hits came back, no ETA');
    for (const p of mixed) {
      const expected = ((p.total - p.done) / p.imagesPerSecond!) * 1000;
      assert.ok(Math.abs(p.etaMs! - expected) < 1e-6 * expected, `done ${p.done} (${p.fromCache} cached): ETA ${p.etaMs} = files left / computed rate ${expected}`);
      assert.ok(p.fromCache > 0);
    }
    assert.equal(seen.at(-1)!.etaMs, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

