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

test('cache hits are counted but left out of the rate and the ETA: none computed, no rate and no ETA', async () => {
  const seen: ScoreProgress[] = [];
  const meter = new ProgressMeter(10, (p) => seen.push(p), 1000);
  await new Promise((r) => setTimeout(r, 50));
  meter.update(4, 4);
  const allCached = seen.at(-1)!;
  assert.equal(allCached.fromCache, 4);
  assert.equal(allCached.imagesPerSecond, null, 'no image was computed: no rate');
  assert.equal(allCached.etaMs, null, 'no computed image to time the rest by');
  await new Promise((r) => setTimeout(r, 20));
  meter.update(6, 4);
  const mixed = seen.at(-1)!;
  assert.equal(mixed.fromCache, 4);
  assert.ok(Math.abs(mixed.imagesPerSecond! - 2 / (mixed.elapsedMs / 1000)) < 1e-9, 'two computed images over the elapsed time');
  // The 4 files left at the computed rate (2 per elapsed), not at the pace of 6 per elapsed.
  assert.ok(Math.abs(mixed.etaMs! - 2 * mixed.elapsedMs) < 1e-6 * mixed.elapsedMs, `${mixed.etaMs} vs ${2 * mixed.elapsedMs}`);
  meter.update(10, 8);
  assert.equal(seen.at(-1)!.etaMs, 0, 'nothing left');
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
