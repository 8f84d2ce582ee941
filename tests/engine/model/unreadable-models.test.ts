// Damaged model folders through the engine's API, as the Models tab sees them: listed apart with
// the file and the cause, the active one marked; another model can be made active (predictions
// work again) and the damaged folder deleted while it is still unreadable.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { resultCacheFiles } from '../../../src-main/engine/inference/result-cache';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { saveSmallModel } from '../inference/support/small-resnet';
import { writeGrayPng } from '../inference/support/draw-png';

let dir: string;
let builtIn: string;
let userDir: string;
let png: string;
let engine: Engine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-unreadable-'));
  builtIn = join(dir, 'builtin');
  userDir = join(dir, 'home');
  await mkdir(builtIn);
  const tf = await getTf('wasm');
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'site', seed: 1 });
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'other', seed: 2 });
  png = join(dir, 'a.png');
  await writeGrayPng(png, 96, 80, [{ top: 20, left: 20, height: 40, width: 30, value: 200 }], 40);
  engine = createEngine({ builtInModelsDir: builtIn, userDir, backend: 'wasm' });
  await engine.setActiveModel('site');
});
after(async () => {
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('a damaged active model is listed apart with the file and the cause; another made active scores; the damaged folder can be deleted', async () => {
  const cardFile = join(userDir, 'models', 'site', 'card.json');
  await writeFile(cardFile, (await readFile(cardFile, 'utf8')).slice(0, 40));
  // A folder without model.json is unreadable too, and not the active one.
  await mkdir(join(userDir, 'models', 'half'));

  assert.deepEqual((await engine.listModels()).map((m) => [m.id, m.active]), [['other', false]]);
  const unreadable = await engine.listUnreadableModels();
  assert.deepEqual(unreadable.map((u) => [u.id, u.active]), [['half', false], ['site', true]]);
  const site = unreadable.find((u) => u.id === 'site');
  assert.equal(site?.dir, join(userDir, 'models', 'site'));
  // The file once, then the cause.
  assert.ok(site?.reason.startsWith(`${cardFile}: not valid JSON`) && site.reason.split(cardFile).length === 2, `the reason names the file: ${site?.reason}`);
  assert.match(unreadable[0].reason, /no model\.json/);

  // Predictions refuse, naming the damaged folder, rather than answering with another model.
  const info = await engine.openStudy(png);
  await assert.rejects(engine.predict(info.studyId), (e: unknown) => e instanceof AlveoError && /the active model 'site' cannot be read/.test(e.message));
  // The active damaged folder cannot be deleted before another model is made active.
  await assert.rejects(engine.deleteModel('site'), /active model: make another model active/);
  // Another damaged folder can be deleted at once.
  await engine.deleteModel('half');
  assert.equal(existsSync(join(userDir, 'models', 'half')), false);

  await engine.setActiveModel('other');
  assert.equal((await engine.predict(info.studyId)).model, 'other');
  assert.deepEqual((await engine.listUnreadableModels()).map((u) => [u.id, u.active]), [['site', false]]);
  // Its score caches (the files ResultCache.open reads) go with it; another model's stay.
  const caches = [...resultCacheFiles(userDir, 'site'), ...resultCacheFiles(userDir, 'other')];
  for (const f of caches) {
    await mkdir(dirname(f), { recursive: true });
    await writeFile(f, '{}');
  }
  await engine.deleteModel('site');
  assert.equal(existsSync(join(userDir, 'models', 'site')), false);
  assert.deepEqual(caches.map((f) => existsSync(f)), [false, false, true, true]);
  assert.deepEqual(await engine.listUnreadableModels(), []);
  await engine.closeStudy(info.studyId);
});

test('a damaged user folder under a built-in id is not listed (the built-in is used) and is not deleted as that id', async () => {
  const tf = await getTf('wasm');
  // A model saved elsewhere, copied in as a built-in; then a damaged user folder of the same name.
  const shipped = await saveSmallModel(tf, { builtInDir: join(dir, 'x'), userDir: join(dir, 'x-home'), id: 'shipped', seed: 5 });
  await cp(shipped.dir, join(builtIn, 'shipped'), { recursive: true });
  await mkdir(join(userDir, 'models', 'shipped'), { recursive: true });
  assert.deepEqual(await engine.listUnreadableModels(), []);
  await assert.rejects(engine.deleteModel('shipped'), /built-in/);
  await assert.rejects(engine.deleteModel('nothing-here'), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND');
});
