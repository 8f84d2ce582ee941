// A score job whose result cache cannot be written still scores every image and ends done; its
// result carries a note naming the cache file (the cache is only a speed-up). A site policy in
// settings.json that Alveo does not understand is read as hold-back and said in the result too.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ScoreJobResult, ScoreSpec } from '../../../src-main/api/contract';
import type { EngineEvent } from '../../../src-main/api/events';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { writeGrayPng } from '../inference/support/draw-png';
import { tempDir } from '../../support/temp-dir';

const dir = await tempDir('alveo-scorenotes-');
const folder = join(dir, 'studies');
await mkdir(folder, { recursive: true });
for (const [i, name] of ['a.png', 'b.png', 'c.png'].entries()) {
  await writeGrayPng(join(folder, name), 120, 100, [{ top: 20 + i * 10, left: 20, height: 50, width: 40, value: 220 }], 30);
}

async function score(home: string, spec: Omit<ScoreSpec, 'folder'> = {}): Promise<{ outcome: string; result?: ScoreJobResult; scored: number }> {
  const engine = createEngine(sourceTreeDeps({ userDir: home }));
  try {
    const events: EngineEvent[] = [];
    let jobId = '';
    engine.subscribe((e) => e.jobId === jobId && events.push(e));
    ({ jobId } = await engine.startScore({ folder, ...spec }));
    await engine.waitForJob(jobId);
    const end = events.at(-1);
    assert.ok(end?.type === 'job:end' && end.kind === 'score');
    const scored = events.filter((e) => e.type === 'job:row' && e.row.error === null).length;
    return { outcome: end.outcome, result: end.result, scored };
  } finally {
    await engine.dispose();
  }
}

test('a cache folder that cannot be written: every image scored, outcome done, a note names the cache file', async () => {
  const home = join(dir, 'home-blocked');
  await mkdir(join(home, 'cache'), { recursive: true });
  await writeFile(join(home, 'cache', 'scores'), 'a file where the folder should be'); // fails even as root
  for (const spec of [{}, { oneView: true }]) {
    const { outcome, result, scored } = await score(home, spec);
    assert.equal(outcome, 'done');
    assert.equal(scored, 3);
    assert.equal(result?.scored, 3);
    const cacheFile = join(home, 'cache', 'scores', ...(spec.oneView ? ['one-view'] : []), `${result?.model}.json`);
    assert.equal(result?.notes?.length, 1, JSON.stringify(result?.notes));
    assert.ok(result?.notes?.[0].startsWith(`the result cache ${cacheFile} could not be saved (`), result?.notes?.[0]);
  }
});

test('a mistyped site policy: read as hold-back, and the result says so, naming the file, the key and the accepted values', async () => {
  const home = join(dir, 'home-policy');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'settings.json'), JSON.stringify({ sitePolicy: { ageUnknown: 'read-as-kid' } }));
  const { outcome, result } = await score(home);
  assert.equal(outcome, 'done');
  assert.deepEqual(result?.notes, [
    `${join(home, 'settings.json')}: "sitePolicy.ageUnknown" is "read-as-kid", which Alveo does not know (accepted: hold-back, read-as-child); it is read as hold-back, the safe default`,
  ]);
  // A good cache and a good policy: no notes at all.
  const clean = await score(join(dir, 'home-clean'));
  assert.equal(clean.result?.notes, undefined);
});
