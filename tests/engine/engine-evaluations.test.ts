// "Keep on the model's card": a finished evaluation's record goes into the card through the model
// store (atomically: no temporary left, the card on disk whole), marked in-sample when it read the
// model's own site images; keeping the same folder again (by real path) replaces its record.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { SiteFigures } from '../../src-main/api/adaptation';
import type { EngineEvent } from '../../src-main/api/events';
import type { ModelCard } from '../../src-main/api/model-card';
import { createEngine, type Engine } from '../../src-main/engine/index';
import { defaultCard } from '../../src-main/engine/model/card-file';
import { ModelStore, writeModelFolder } from '../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../src-main/engine/model/resnet18';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { writeImage } from './training/support/draw-images';

let root: string;
let engine: Engine;
const dirs = () => ({ builtInDir: join(root, 'builtin'), userDir: join(root, 'home') });

async function writeFolder(dir: string, seed: number): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await writeImage(join(dir, 'NORMAL', `n${i}.png`), 'png', 64, seed + i, false);
    await writeImage(join(dir, 'PNEUMONIA', `p${i}.png`), 'png', 64, seed + 10 + i, true);
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-keep-eval-'));
  await writeFolder(join(root, 'site'), 0);
  await writeFolder(join(root, 'independent'), 50);
  await symlink(join(root, 'independent'), join(root, 'same-by-link'));
  const tf = await getTf('wasm');
  const figures: SiteFigures = { threshold: 0.5, temperature: 1, n: 6, sensitivity: { value: 1, low: 0.6, high: 1 }, specificity: { value: 1, low: 0.6, high: 1 }, auc: 1, logLoss: 0.1, ece: 0, confusion: { tp: 3, fp: 0, tn: 3, fn: 0 }, roc: [] };
  const card: ModelCard = {
    ...defaultCard({ id: 'cal', inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' } }),
    calibration: {
      temperature: 1,
      targetSensitivity: 0.95,
      method: 'calibrate',
      site: { root: join(root, 'site'), images: { NORMAL: 3, PNEUMONIA: 3 }, patients: { NORMAL: 3, PNEUMONIA: 3 }, skipped: 0 },
      fittedOn: 'all site images',
      before: figures,
      after: figures,
      notes: [],
      separated: true,
      bootstrap: { replicates: 50, unit: 'patient', seed: 1 },
    },
  };
  const model = buildResNet18(tf, { inputSize: 32, seed: 3 });
  try {
    await new ModelStore(dirs()).saveModel(tf, model, card);
    await writeModelFolder(tf, model, defaultCard({ id: 'shipped', inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' } }), join(dirs().builtInDir, 'shipped'));
  } finally {
    model.dispose();
  }
  engine = createEngine({ builtInModelsDir: dirs().builtInDir, userDir: dirs().userDir, backend: 'wasm' });
});
after(async () => {
  await engine?.dispose();
  await rm(root, { recursive: true, force: true });
});

async function evaluate(data: string, model: string): Promise<string> {
  const events: EngineEvent[] = [];
  const off = engine.subscribe((e) => events.push(e));
  const { jobId } = await engine.startEvaluation({ data, model });
  await engine.waitForJob(jobId);
  off();
  const end = events.find((e) => e.jobId === jobId && e.type === 'job:end');
  assert.ok(end?.type === 'job:end' && end.outcome === 'done', end?.type === 'job:end' ? end.error : 'no end event');
  return jobId;
}

async function cardOnDisk(): Promise<ModelCard> {
  return JSON.parse(await readFile(join(dirs().userDir, 'models', 'cal', 'card.json'), 'utf8')) as ModelCard;
}

test('keep writes the record into the card atomically; the own site folder is kept in-sample; re-keeping a folder replaces its record', async () => {
  const first = await engine.keepEvaluation(await evaluate(join(root, 'independent'), 'cal'));
  assert.equal(first.card.evaluations?.length, 1);
  let disk = await cardOnDisk();
  const [indep] = disk.evaluations ?? [];
  assert.equal(indep.folder, realpathSync(join(root, 'independent')));
  assert.equal(indep.n, 6);
  assert.deepEqual(indep.images, { NORMAL: 3, PNEUMONIA: 3 });
  assert.equal(indep.inSample, false);
  assert.deepEqual(indep.overlap, []);
  assert.equal(indep.threshold, 0.5);
  assert.equal(indep.views, 1);
  assert.ok(indep.engine.length > 0 && indep.intervals?.auc, 'engine and AUC interval kept');
  assert.equal(disk.calibration?.site.root, join(root, 'site'), 'the rest of the card is untouched');
  // Atomic: the card was renamed into place, nothing temporary is left beside it.
  assert.deepEqual((await readdir(join(dirs().userDir, 'models', 'cal'))).filter((f) => f.startsWith('.') || f.includes('tmp')), []);

  await engine.keepEvaluation(await evaluate(join(root, 'site'), 'cal'));
  disk = await cardOnDisk();
  const site = disk.evaluations?.find((e) => e.folder === realpathSync(join(root, 'site')));
  assert.ok(site?.inSample, 'the site folder it was calibrated on is in-sample, never independent');
  assert.ok(site.overlap.length > 0 && /calibrated on/.test(site.overlap.join(' ')), site.overlap.join(' '));

  // The same folder through a link: one record for it, the newer one.
  await engine.keepEvaluation(await evaluate(join(root, 'same-by-link'), 'cal'));
  disk = await cardOnDisk();
  assert.equal(disk.evaluations?.length, 2);
  const again = disk.evaluations?.filter((e) => e.folder === indep.folder) ?? [];
  assert.equal(again.length, 1);
  assert.ok(again[0].created > indep.created, `the newer record is kept: ${again[0].created} after ${indep.created}`);
});

test("a shipped model's card is read-only: keeping refuses and changes nothing", async () => {
  const jobId = await evaluate(join(root, 'independent'), 'shipped');
  await assert.rejects(engine.keepEvaluation(jobId), /read-only/);
  const card = JSON.parse(await readFile(join(dirs().builtInDir, 'shipped', 'card.json'), 'utf8')) as ModelCard;
  assert.equal(card.evaluations, undefined);
  await assert.rejects(engine.keepEvaluation('no-such-job'), /no finished evaluation/);
});
