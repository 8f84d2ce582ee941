import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { ModelCard } from '../../../src-main/api/model-card';
import { randomStateDict, writeSafetensors } from '../../engine/model/support/torch-reference';
import { runCli } from '../support/run-cli';

const SHIPPED_CARD = join(import.meta.dirname, '../../../models/default/card.json');

let home: string;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'alveo-models-cli-'));
});
after(() => rm(home, { recursive: true, force: true }));

test('alveo models names the inference engine serving the active model, and why a GPU was skipped', async () => {
  const r = await runCli(['models'], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\*\s+default\s/m);
  // The shipped card's test-time views are named after the engine.
  assert.match(r.stdout, /^inference: onnxruntime \((cpu, \d+ threads?|cuda|dml|coreml)\), 5-view TTA$/m);
  if (process.platform === 'linux' && /inference: onnxruntime \(cpu/.test(r.stdout)) assert.match(r.stdout, /^ {2}skipped cuda: /m);
});

test('alveo models --json: every line carries the engine; ALVEO_BACKEND=wasm makes it tfjs', async () => {
  const r = await runCli(['models', '--json'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; engine: string });
  assert.ok(rows.some((m) => m.id === 'default'));
  for (const m of rows) assert.match(m.engine, /^tfjs wasm \(/);
});

test('alveo models shows the validation AUC the AI panel shows (held-out cohorts when the card has them) and names the split', async (t) => {
  if (!existsSync(SHIPPED_CARD)) return t.skip(`${SHIPPED_CARD} is absent`);
  const card = JSON.parse(await readFile(SHIPPED_CARD, 'utf8')) as ModelCard;
  const shifted = card.metrics?.validationShifted;
  const figure = shifted ?? card.metrics?.validation;
  if (!figure) return t.skip('the shipped card gives no validation figures');
  const words = shifted ? 'held-out cohorts' : 'same cohorts';
  const text = await runCli(['models'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^\\*\\s+default\\s.*val AUC ${figure.auc.toFixed(3)} \\(${words}, n ${figure.n}\\)`, 'm'));
  const json = await runCli(['models', '--json'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  const row = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; validationAuc: number; validationSplit: string }).find((m) => m.id === 'default');
  assert.deepEqual([row?.validationAuc, row?.validationSplit], [figure.auc, shifted ? 'validationShifted' : 'validation']);
});

test('a damaged active model stops models and predict with its name and file (exit 1), never answering with the built-in', async (t) => {
  if (!existsSync(SHIPPED_CARD)) return t.skip(`${SHIPPED_CARD} is absent`);
  const siteHome = await mkdtemp(join(tmpdir(), 'alveo-models-damaged-'));
  try {
    // A site model: the shipped weights with a card of its own (threshold 0.7), made active.
    const dir = join(siteHome, 'models', 'site');
    await cp(dirname(SHIPPED_CARD), dir, { recursive: true });
    const card = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8')) as ModelCard;
    const text = JSON.stringify({ ...card, id: 'site', name: 'Site model', threshold: { value: 0.7, rule: 'site' } });
    await writeFile(join(dir, 'card.json'), text);
    await writeFile(join(siteHome, 'settings.json'), JSON.stringify({ activeModel: 'site' }));
    const image = join(siteHome, 'x.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(image);
    const env = { ALVEO_HOME: siteHome, ALVEO_BACKEND: 'wasm' };
    const ok = await runCli(['predict', image, '--json'], env);
    assert.equal((JSON.parse(ok.stdout) as { model: string }).model, 'site', ok.stderr);

    await writeFile(join(dir, 'card.json'), text.slice(0, 50));
    const models = await runCli(['models'], env);
    assert.equal(models.code, 1);
    assert.match(models.stderr, /the active model 'site' cannot be read \(.*card\.json/);
    assert.match(models.stderr, /^unreadable model folder \(active\): site: /m);
    assert.doesNotMatch(models.stdout, /^\*/m, 'no model is listed as active');
    const predict = await runCli(['predict', image, '--json'], env);
    assert.equal(predict.code, 1);
    assert.match(predict.stderr, /the active model 'site' cannot be read/);
    assert.doesNotMatch(predict.stdout, /"model":"default"/);
  } finally {
    await rm(siteHome, { recursive: true, force: true });
  }
});

test('alveo models lists unreadable folders as the app does: one under a shipped id left out, none marked active unless it is', async () => {
  const brokenHome = await mkdtemp(join(tmpdir(), 'alveo-models-unreadable-'));
  try {
    // Two user folders that are no models: one under the shipped model's id (the app uses the
    // shipped model and leaves it out), one of the user's own, not active.
    for (const id of ['default', 'ward-b']) {
      await mkdir(join(brokenHome, 'models', id), { recursive: true });
    }
    const r = await runCli(['models'], { ALVEO_HOME: brokenHome, ALVEO_BACKEND: 'wasm' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^unreadable model folder: ward-b: no model\.json$/m);
    assert.doesNotMatch(r.stderr, /unreadable model folder.*: default: /);
    assert.match(r.stdout, /^\*\s+default\s/m, 'the shipped model stays the active one');
  } finally {
    await rm(brokenHome, { recursive: true, force: true });
  }
});

test('alveo models --use ID makes a model active after printing its cautions; one that asks to confirm needs --yes', async () => {
  const own = await mkdtemp(join(tmpdir(), 'alveo-models-use-'));
  try {
    // A user model whose card claims validation on 5 images: "too few to rely on" asks to confirm.
    const dir = join(own, 'models', 'tiny-val');
    await cp(dirname(SHIPPED_CARD), dir, { recursive: true });
    const card = JSON.parse(await readFile(SHIPPED_CARD, 'utf8')) as ModelCard;
    const validation = card.metrics?.validation;
    assert.ok(validation, 'the shipped card has validation figures');
    const tiny: ModelCard = { ...card, id: 'tiny-val', name: 'Tiny validation', metrics: { validation: { ...validation, n: 5 } } };
    await writeFile(join(dir, 'card.json'), JSON.stringify(tiny));
    const refused = await runCli(['models', '--use', 'tiny-val'], { ALVEO_HOME: own });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /caution: Validated on only 5 images/);
    assert.match(refused.stderr, /'tiny-val' was not made active: add --yes/);
    assert.match((await runCli(['models'], { ALVEO_HOME: own })).stdout, /^\*\s+default\s/m, 'the default stays active');
    const done = await runCli(['models', '--use', 'tiny-val', '--yes'], { ALVEO_HOME: own });
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /active model: tiny-val/);
    assert.match(done.stdout, /^\*\s+tiny-val\s/m);
    const unknown = await runCli(['models', '--use', 'nope'], { ALVEO_HOME: own });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no model with id 'nope' \(installed: .*default/);
    // Back to the shipped model: it asks nothing.
    const back = await runCli(['models', '--use', 'default'], { ALVEO_HOME: own });
    assert.equal(back.code, 0, back.stderr);
    assert.doesNotMatch(back.stderr, /caution/);
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});

test('alveo models --use refuses an imported model without --yes: no validation figures, no patient population', async () => {
  const own = await mkdtemp(join(tmpdir(), 'alveo-models-imported-'));
  try {
    // As a user would: torchvision weights with a trained binary head, imported without a card.
    const file = join(own, 'rn18.safetensors');
    await writeSafetensors(file, randomStateDict(5));
    const env = { ALVEO_HOME: own, ALVEO_BACKEND: 'wasm' };
    const imported = await runCli(['import-weights', file, '--id', 'imported', '--input-size', '64'], env);
    assert.equal(imported.code, 0, imported.stderr);
    const refused = await runCli(['models', '--use', 'imported'], env);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /^caution: Its card has no validation figures: nothing says how well it reads images\.$/m);
    assert.match(refused.stderr, /^caution: Its card states no patient population: the age checks that hold back adults' films are off with it\.$/m);
    assert.match(refused.stderr, /'imported' was not made active: add --yes/);
    assert.match((await runCli(['models'], env)).stdout, /^\*\s+default\s/m, 'the default stays active');
    const done = await runCli(['models', '--use', 'imported', '--yes'], env);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /active model: imported/);
    assert.match(done.stdout, /^\*\s+imported\s/m);
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});

// Review 25 LOW 5: the way out was "make another model active (Models tab)", which a CLI user
// cannot follow; the message names `alveo models --use ID` too, and that command works then.
test('an active model that is gone: predict names alveo models --use ID, which then gets it going', async () => {
  const own = await mkdtemp(join(tmpdir(), 'alveo-models-gone-'));
  try {
    await writeFile(join(own, 'settings.json'), JSON.stringify({ activeModel: 'my-site-model' }));
    const image = join(own, 'x.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(image);
    const env = { ALVEO_HOME: own, ALVEO_BACKEND: 'wasm' };
    const gone = await runCli(['predict', image], env);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /the active model 'my-site-model' is not installed any more .*: make another model active \(Models tab, or alveo models --use ID\) or restore it/);
    const use = await runCli(['models', '--use', 'default'], env);
    assert.equal(use.code, 0, use.stderr);
    const again = await runCli(['predict', image, '--json'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { model: string }).model, 'default');
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
