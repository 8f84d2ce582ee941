// The streaming loader: batches in sample order, undecodable images reported and left out, the
// last batch short, and the pixels equal to a direct decode.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeForModel, loadBatches } from '../../../src-main/engine/training/image-loader';
import { writeImage } from './support/draw-images';
import { tempDir } from '../../support/temp-dir';

test('batches stream in order; a broken image is reported, not fatal', async () => {
  const dir = await tempDir('alveo-loader-');
  const samples: Array<{ file: string; label: 0 | 1 }> = [];
  for (let i = 0; i < 9; i++) samples.push({ file: await writeImage(join(dir, `${i}.png`), 'png', 20 + i, i, i % 2 === 1), label: (i % 2) as 0 | 1 });
  const broken = join(dir, 'broken.jpeg');
  await writeFile(broken, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1]));
  samples.splice(4, 0, { file: broken, label: 1 });
  const failed: string[] = [];
  const S = 16;
  const mean: [number, number, number] = [0, 0, 0];
  const std: [number, number, number] = [1, 1, 1];
  const batches = [];
  for await (const b of loadBatches(samples, { inputSize: S, batchSize: 4, augment: null, seed: 1, mean, std, prefetchBatches: 1, concurrency: 2, onFailed: (f) => failed.push(f) })) {
    batches.push({ files: [...b.files], y: Array.from(b.y), first: b.x[0], size: b.size, length: b.x.length });
  }
  assert.deepEqual(failed, [broken]);
  assert.deepEqual(batches.map((b) => b.size), [4, 4, 1]);
  assert.deepEqual(batches.flatMap((b) => b.files), samples.filter((s) => s.file !== broken).map((s) => s.file));
  assert.deepEqual(batches.flatMap((b) => b.y), samples.filter((s) => s.file !== broken).map((s) => s.label));
  assert.equal(batches[2].length, S * S * 3);
  // With mean 0 and std 1 the first value is the first pixel / 255 of a direct decode.
  const px = await decodeForModel(samples[0].file, S);
  assert.ok(Math.abs(batches[0].first - px[0] / 255) < 1e-6);
});

test('an aborted signal stops the stream', async () => {
  const dir = await tempDir('alveo-loader-');
  const samples: Array<{ file: string; label: 0 | 1 }> = [];
  for (let i = 0; i < 6; i++) samples.push({ file: await writeImage(join(dir, `${i}.png`), 'png', 16, i, false), label: 0 as const });
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(async () => {
    for await (const b of loadBatches(samples, { inputSize: 16, batchSize: 2, augment: null, seed: 1, mean: [0, 0, 0], std: [1, 1, 1], signal: controller.signal })) {
      seen += b.size;
      controller.abort();
    }
  }, /abort/i);
  assert.equal(seen, 2);
});
