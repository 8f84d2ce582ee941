// Two savers of one result cache at the same time, as two runs sharing a user folder are: each
// save re-reads, merges and renames under the file's lock, so neither overwrites the other's
// entries (docs/deployment.md: "runs sharing a user folder merge their entries when they save").
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ModelEntry } from '../../../src-main/api/contract';
import { ResultCache, type CachedScore } from '../../../src-main/engine/inference/result-cache';
import { REPO_ROOT } from '../../cli/support/run-cli';
import { tempDir } from '../../support/temp-dir';
import { testCard } from './support/test-card';

const run = promisify(execFile);

async function setup(prefix: string): Promise<{ userDir: string; model: ModelEntry; file: string }> {
  const dir = await tempDir(prefix);
  const modelDir = join(dir, 'model');
  await mkdir(modelDir);
  await writeFile(join(modelDir, 'card.json'), '{}');
  const model: ModelEntry = { id: 'm1', dir: modelDir, builtIn: false, active: false, card: testCard({ id: 'm1', inputSize: 64 }) };
  const userDir = join(dir, 'home');
  return { userDir, model, file: join(userDir, 'cache', 'scores', 'm1.json') };
}

const score = (probability: number): CachedScore => ({ probability, label: probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL', threshold: 0.5, warnings: [], attributes: { PatientID: 'P1' } });

async function keysOnDisk(file: string): Promise<Set<string>> {
  return new Set(Object.keys((JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, unknown> }).entries));
}

test('two caches saving at the same moment, checkpoint after checkpoint, keep every entry of both', async () => {
  const { userDir, model, file } = await setup('alveo-cache-same-moment-');
  const a = await ResultCache.open(userDir, model);
  const b = await ResultCache.open(userDir, model);
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 10; i++) {
      a.set(`a${round}-${i}`, score(0.2));
      b.set(`b${round}-${i}`, score(0.8));
    }
    await Promise.all([a.save(), b.save()]);
  }
  assert.deepEqual([...a.notes, ...b.notes], []);
  const keys = await keysOnDisk(file);
  const lost = [...Array(5).keys()].flatMap((r) => [...Array(10).keys()].flatMap((i) => [`a${r}-${i}`, `b${r}-${i}`])).filter((k) => !keys.has(k));
  assert.deepEqual(lost, [], 'no entry lost');
  assert.equal(keys.size, 100);
  assert.deepEqual((await readdir(join(userDir, 'cache', 'scores'))).sort(), ['m1.json'], 'no lock or temporary left');
});

test('two processes saving disjoint entries at once, 25 checkpoints each, lose nothing', async () => {
  const { userDir, model, file } = await setup('alveo-cache-two-processes-');
  const cacheModule = pathToFileURL(join(REPO_ROOT, 'src-main/engine/inference/result-cache.ts')).href;
  // Both start at the same moment (after their imports), then set and save one entry at a time.
  const startAt = Date.now() + 3000;
  const saver = (prefix: string) => `
    const { ResultCache } = await import(${JSON.stringify(cacheModule)});
    const model = ${JSON.stringify(model)};
    const cache = await ResultCache.open(${JSON.stringify(userDir)}, model);
    await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
    for (let i = 0; i < 25; i++) {
      cache.set('${prefix}' + i, { probability: 0.5, label: 'PNEUMONIA', threshold: 0.5, warnings: [], attributes: {} });
      await cache.save();
    }
    if (cache.notes.length) throw new Error(cache.notes.join('; '));
  `;
  await mkdir(userDir, { recursive: true });
  await Promise.all(['p', 'q'].map((prefix) => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', saver(prefix)], { cwd: REPO_ROOT })));
  const keys = await keysOnDisk(file);
  const lost = [...Array(25).keys()].flatMap((i) => [`p${i}`, `q${i}`]).filter((k) => !keys.has(k));
  assert.deepEqual(lost, [], 'no entry lost');
  assert.equal((await ResultCache.open(userDir, model)).size, 50);
});
