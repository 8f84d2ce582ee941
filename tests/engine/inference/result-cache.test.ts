// The result cache on real files: a damaged one is set aside (never overwritten) with a note naming
// it; it keeps at most a given number of entries, the most recently scored or used; half-written
// saves of dead processes are removed on load; two instances saving one after the other keep both
// sets of entries; a cache that cannot be saved is a note, not an error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelEntry } from '../../../src-main/api/contract';
import { ResultCache, type CachedScore } from '../../../src-main/engine/inference/result-cache';
import { tempDir } from '../../support/temp-dir';
import { testCard } from './support/test-card';

async function setup(prefix: string): Promise<{ userDir: string; model: ModelEntry; scores: string }> {
  const dir = await tempDir(prefix);
  const modelDir = join(dir, 'model');
  await mkdir(modelDir);
  await writeFile(join(modelDir, 'card.json'), '{}');
  const model: ModelEntry = { id: 'm1', dir: modelDir, builtIn: false, active: false, card: testCard({ id: 'm1', inputSize: 64 }) };
  return { userDir: join(dir, 'home'), model, scores: join(dir, 'home', 'cache', 'scores') };
}

const score = (probability: number): CachedScore => ({ probability, label: probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL', threshold: 0.5, warnings: [], attributes: { PatientID: 'P1' } });

async function keysOnDisk(file: string): Promise<string[]> {
  return Object.keys((JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, unknown> }).entries);
}

test('a damaged cache file is set aside under a new name with a note naming it, and never overwritten', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-damaged-');
  await mkdir(scores, { recursive: true });
  const file = join(scores, 'm1.json');
  const damaged = '{"version":2,"modelId":"m1","entries":{"ab';
  await writeFile(file, damaged);
  const cache = await ResultCache.open(userDir, model);
  assert.equal(cache.size, 0);
  assert.equal(cache.notes.length, 1);
  const aside = (await readdir(scores)).filter((n) => n.startsWith('m1.json.unreadable-'));
  assert.equal(aside.length, 1, 'set aside once');
  assert.match(cache.notes[0], new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged .*set aside as .*m1\\.json\\.unreadable-`));
  assert.equal(await readFile(join(scores, aside[0]), 'utf8'), damaged, 'the damaged content is kept as it was');
  cache.set('h1', score(0.7));
  await cache.save();
  assert.deepEqual(await keysOnDisk(file), ['h1']);
  assert.equal(await readFile(join(scores, aside[0]), 'utf8'), damaged, 'a save writes a new file, not over the set-aside one');
  // A file that is valid JSON but not a cache is damaged too.
  await writeFile(file, '[1,2,3]');
  const again = await ResultCache.open(userDir, model);
  assert.match(again.notes[0], /is damaged \(not a result cache\)/);
});

test('a cache too big to read is set aside too', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-big-');
  const first = await ResultCache.open(userDir, model);
  for (let i = 0; i < 200; i++) first.set(`h${i}`, score(i / 200));
  await first.save();
  const { readCacheFile } = await import('../../../src-main/engine/inference/result-cache-file');
  const read = await readCacheFile(join(scores, 'm1.json'), 1000);
  assert.equal(read.kind, 'set-aside');
  assert.match(read.kind === 'set-aside' ? read.note : '', /m1\.json is too big to read \(0 MB\): it is set aside as .*m1\.json\.unreadable-/);
});

test('the cache keeps at most maxEntries, the most recently scored or used', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-cap-');
  const file = join(scores, 'm1.json');
  const first = await ResultCache.open(userDir, model, undefined, undefined, { maxEntries: 3 });
  for (const k of ['a', 'b', 'c', 'd', 'e']) first.set(k, score(0.1));
  await first.save();
  assert.deepEqual(await keysOnDisk(file), ['c', 'd', 'e'], 'the oldest are evicted');
  const second = await ResultCache.open(userDir, model, undefined, undefined, { maxEntries: 3 });
  assert.equal(second.size, 3);
  assert.ok(second.get('c'), 'c is used again: now the newest but one');
  second.set('f', score(0.9));
  await second.save();
  assert.deepEqual(await keysOnDisk(file), ['e', 'c', 'f'], 'd, the least recently used, is evicted, not c');
});

test('half-written saves left by a dead process are removed when the cache is loaded; a live one is kept', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-temp-');
  await mkdir(join(scores, 'one-view'), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  assert.ok(dead);
  const stale = `.m1.json.tmp-${dead}-0123abcd`;
  const live = `.m1.json.tmp-${process.pid}-89abcdef`;
  for (const dir of [scores, join(scores, 'one-view')]) {
    await writeFile(join(dir, stale), '{"version":2,"model');
    await writeFile(join(dir, live), '{"version":2,"model');
  }
  await ResultCache.open(userDir, model);
  assert.deepEqual((await readdir(scores)).sort(), [live, 'one-view'].sort());
  await ResultCache.open(userDir, model, 'one-view');
  assert.deepEqual(await readdir(join(scores, 'one-view')), [live]);
});

test('two instances loaded before either saved keep both sets of entries', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-merge-');
  const file = join(scores, 'm1.json');
  const earlier = await ResultCache.open(userDir, model);
  earlier.set('old', score(0.2));
  await earlier.save();
  const a = await ResultCache.open(userDir, model);
  const b = await ResultCache.open(userDir, model);
  for (let i = 0; i < 30; i++) a.set(`a${i}`, score(0.3));
  b.set('b0', score(0.8));
  b.set('b1', score(0.6));
  await a.save();
  await b.save();
  await a.save(); // nothing new: leaves the file as b wrote it
  a.set('a30', score(0.4));
  await a.save(); // a's second checkpoint merges b's entries it has never seen
  const keys = await keysOnDisk(file);
  assert.equal(keys.length, 1 + 31 + 2);
  for (const k of ['old', 'a0', 'a29', 'a30', 'b0', 'b1']) assert.ok(keys.includes(k), k);
  assert.equal((await ResultCache.open(userDir, model)).size, 34);
});

test('a cache folder that cannot be written: save does not throw, one note names the file', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-blocked-');
  await mkdir(join(userDir, 'cache'), { recursive: true });
  await writeFile(scores, 'a file where the folder should be'); // fails even as root
  for (const variant of [undefined, 'one-view'] as const) {
    const cache = await ResultCache.open(userDir, model, variant);
    assert.deepEqual(cache.notes, []);
    cache.set('h', score(0.5));
    await cache.save();
    cache.set('h2', score(0.5));
    await cache.save();
    assert.equal(cache.notes.length, 1, 'said once, not once per checkpoint');
    assert.match(cache.notes[0], new RegExp(`^the result cache ${join(scores, ...(variant ? [variant] : []), 'm1.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} could not be saved \\(a file is in the way of its folder`));
    assert.ok(cache.get('h2'), 'the scores stay in memory for this run');
  }
});

test('a cache file that cannot be read is left as it is, and not written over', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-unreadable-');
  const file = join(scores, 'm1.json');
  await mkdir(file, { recursive: true }); // a folder in its place: EISDIR on read, whoever runs this
  const cache = await ResultCache.open(userDir, model);
  assert.match(cache.notes[0] ?? '', /m1\.json cannot be read \(EISDIR\).*left as it is/);
  cache.set('h', score(0.5));
  await cache.save();
  assert.equal(cache.notes.length, 1);
  assert.deepEqual(await readdir(file), []);
});

test('scores cached under other guardrail rules (or before the rules were numbered) are remade, not served', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-rules-');
  const file = join(scores, 'm1.json');
  const cache = await ResultCache.open(userDir, model);
  cache.set('a', score(0.2));
  await cache.save();
  assert.ok((await ResultCache.open(userDir, model)).get('a'), 'the same rules: served');
  const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  assert.equal(typeof saved.rules, 'number', 'the file names its rules');
  // A file from before the "no usable age" rule carries no rules number; one from other rules, another.
  for (const rules of [undefined, (saved.rules as number) - 1]) {
    await writeFile(file, JSON.stringify({ ...saved, rules }));
    const reopened = await ResultCache.open(userDir, model);
    assert.equal(reopened.get('a'), undefined, `rules ${rules}: not served`);
    assert.equal(reopened.size, 0);
  }
});

test('each entry carries when it was last scored or used (for a retention rule); a hit is the score alone', async () => {
  const { userDir, model, scores } = await setup('alveo-cache-at-');
  const before = Date.now();
  const cache = await ResultCache.open(userDir, model);
  cache.set('a', score(0.3));
  await cache.save();
  const onDisk = (JSON.parse(await readFile(join(scores, 'm1.json'), 'utf8')) as { entries: Record<string, { at?: number }> }).entries;
  assert.ok(typeof onDisk.a.at === 'number' && onDisk.a.at >= before && onDisk.a.at <= Date.now(), JSON.stringify(onDisk.a));
  const hit = (await ResultCache.open(userDir, model)).get('a');
  assert.deepEqual(hit, score(0.3), 'rows are built from the score as made, without the time');
});
