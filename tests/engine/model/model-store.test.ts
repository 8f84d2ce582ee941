// The model store: built-ins (read-only) and user models, active setting, atomic writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelCard } from '../../../src-main/api/model-card';
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore, writeModelFolder } from '../../../src-main/engine/model/model-store';
import { writeSitePolicy } from '../../../src-main/engine/user-folder/site-policy-store';
import { modelWeightsSha256 } from '../../../src-main/engine/model/model-weights-hash';

const SIZE = 32;
let tf: Tf;
let root: string;
let model: LayersModel;

const card = (id: string, extra: Partial<ModelCard> = {}): ModelCard => defaultCard({ id, inputSize: SIZE, name: `Model ${id}`, ...extra });

before(async () => {
  tf = await getTf('wasm');
  root = await mkdtemp(join(tmpdir(), 'alveo-store-'));
  model = buildResNet18(tf, { inputSize: SIZE, seed: 1 });
});
after(async () => {
  model.dispose();
  await rm(root, { recursive: true, force: true });
});

async function freshStore(name: string, builtIns: string[] = []): Promise<ModelStore> {
  const builtInDir = join(root, name, 'builtin');
  await mkdir(builtInDir, { recursive: true });
  for (const id of builtIns) await writeModelFolder(tf, model, card(id), join(builtInDir, id), { quantize: 'float16' });
  return new ModelStore({ builtInDir, userDir: join(root, name, 'user') });
}

test('default is active when shipped; the active setting persists across store instances', async () => {
  const store = await freshStore('active', ['default', 'other-builtin']);
  assert.equal(await store.activeId(), 'default');
  await store.saveModel(tf, model, card('mine'));
  assert.equal(await store.activeId(), 'default', 'saving does not activate');
  await store.setActive('mine');
  const again = new ModelStore({ builtInDir: store.builtInDir, userDir: store.userDir });
  assert.equal(await again.activeId(), 'mine');
  const list = await again.list();
  assert.deepEqual(list.map((e) => [e.id, e.builtIn, e.active]), [['default', true, false], ['other-builtin', true, false], ['mine', false, true]]);
  // other keys in settings.json are kept
  const settings = JSON.parse(await readFile(join(store.userDir, 'settings.json'), 'utf8'));
  await writeFile(join(store.userDir, 'settings.json'), JSON.stringify({ ...settings, theme: 'dark' }));
  await again.setActive('default');
  assert.deepEqual(JSON.parse(await readFile(join(store.userDir, 'settings.json'), 'utf8')), { activeModel: 'default', theme: 'dark' });
});

test('no built-in default and nothing chosen: no active model; an active model that is gone is an error, not another model', async () => {
  const store = await freshStore('none');
  assert.equal(await store.activeId(), null);
  assert.deepEqual(await store.list(), []);
  await assert.rejects(store.get('nope'), /no model with id 'nope' \(installed: none installed\)/);
  await store.saveModel(tf, model, card('a'));
  await store.setActive('a');
  await writeFile(join(store.userDir, 'settings.json'), JSON.stringify({ activeModel: 'gone' }));
  await assert.rejects(store.activeId(), /the active model 'gone' is not installed any more .*make another model active/);
  // The list still shows what is installed (to choose from), none of it marked active.
  assert.deepEqual((await store.list()).map((e) => [e.id, e.active]), [['a', false]]);
});

test('a damaged active model, or a damaged settings file, is an error naming the file, never the built-in in its place', async () => {
  const store = await freshStore('damaged', ['default']);
  await store.saveModel(tf, model, card('site', { threshold: { value: 0.7, rule: 'site calibration' } }));
  await store.saveModel(tf, model, card('other'));
  await store.setActive('site');
  assert.equal(await store.activeId(), 'site');
  // The card cut short: not read as "no model", and not answered by 'default'.
  const cardFile = join(store.userModelsDir, 'site', 'card.json');
  const text = await readFile(cardFile, 'utf8');
  await writeFile(cardFile, text.slice(0, 40));
  await assert.rejects(store.activeId(), (err: Error & { file?: string }) => /the active model 'site' cannot be read \(.*card\.json/.test(err.message) && err.file === join(store.userModelsDir, 'site'));
  assert.deepEqual((await store.unreadable()).map((u) => u.id), ['site']);
  assert.deepEqual((await store.list()).map((e) => [e.id, e.active]), [['default', false], ['other', false]]);
  // Another model can still be deleted while the active one is unreadable.
  await store.delete('other');
  await writeFile(cardFile, text);
  assert.equal(await store.activeId(), 'site');

  // settings.json cut short: an error naming it; its other keys are not lost by a later write.
  const settingsPath = join(store.userDir, 'settings.json');
  await writeFile(settingsPath, '{"activeModel": "site", "sitePolicy": {"ageUnkn');
  await assert.rejects(store.activeId(), (err: Error & { file?: string }) => /the settings file is not valid JSON .*will not guess the active model/.test(err.message) && err.file === settingsPath);
  // Any other write (the site policy) is refused and leaves the file as it is: only choosing the
  // active model, the setting that must not be guessed, may start a new file.
  await assert.rejects(writeSitePolicy(store.userDir, { ageUnknown: 'read-as-child' }), /the settings file is not valid JSON/);
  assert.equal(await readFile(settingsPath, 'utf8'), '{"activeModel": "site", "sitePolicy": {"ageUnkn');
  // Choosing the active model again starts a new file and keeps the damaged one beside it.
  await store.setActive('default');
  assert.equal(await store.activeId(), 'default');
  const kept = (await readdir(store.userDir)).filter((f) => f.startsWith('settings.json.damaged-'));
  assert.equal(kept.length, 1);
  assert.match(await readFile(join(store.userDir, kept[0]), 'utf8'), /"sitePolicy": \{"ageUnkn$/);
});

test('cannot delete the active model nor a built-in; can delete another user model', async () => {
  const store = await freshStore('delete', ['default']);
  await store.saveModel(tf, model, card('keep'));
  await store.saveModel(tf, model, card('drop'));
  await store.setActive('keep');
  await assert.rejects(store.delete('keep'), /active model/);
  await assert.rejects(store.delete('default'), /built-in/);
  await store.delete('drop');
  assert.deepEqual((await store.list()).map((e) => e.id), ['default', 'keep']);
  assert.deepEqual(await readdir(store.userModelsDir), ['keep']);
  assert.ok(existsSync(join(store.builtInDir, 'default', 'card.json')));
});

test('rename changes the card name on disk; built-ins cannot be renamed', async () => {
  const store = await freshStore('rename', ['default']);
  await store.saveModel(tf, model, card('r1'));
  const renamed = await store.rename('r1', '  Pediatric v2  ');
  assert.equal(renamed.card.name, 'Pediatric v2');
  assert.equal(JSON.parse(await readFile(join(store.userModelsDir, 'r1', 'card.json'), 'utf8')).name, 'Pediatric v2');
  assert.equal((await store.get('r1')).card.name, 'Pediatric v2');
  await assert.rejects(store.rename('default', 'x'), /built-in/);
  await assert.rejects(store.rename('r1', '   '), /1-200 characters/);
});

test('atomic save: a failure while writing leaves no model folder and no temporary folder', async () => {
  const store = await freshStore('atomic');
  // card.json is written last; a card that cannot be serialised fails after the weights were written.
  const bad = { ...card('half'), notes: [1n] } as unknown as ModelCard;
  await assert.rejects(store.saveModel(tf, model, bad), /BigInt/);
  assert.deepEqual(await readdir(store.userModelsDir), []);
  assert.deepEqual(await store.list(), []);
  // and a good save afterwards works, under the same id
  await store.saveModel(tf, model, card('half'));
  assert.deepEqual(await readdir(store.userModelsDir), ['half']);
});

test('save refuses taken ids and bad ids; overwrite replaces atomically', async () => {
  const store = await freshStore('ids', ['default']);
  await assert.rejects(store.saveModel(tf, model, card('default')), /built-in model id/);
  await assert.rejects(store.saveModel(tf, model, card('../evil')), /model id/);
  await assert.rejects(store.saveModel(tf, model, card('wrong-size', { inputSize: 64 })), /does not match the model input/);
  await store.saveModel(tf, model, card('twice'));
  await assert.rejects(store.saveModel(tf, model, card('twice')), /already exists/);
  await store.saveModel(tf, model, card('twice', { name: 'second' }), { overwrite: true });
  assert.equal((await store.get('twice')).card.name, 'second');
  assert.deepEqual(await readdir(store.userModelsDir), ['twice']);
});

test('export then import: a copy with a fresh id when the id is taken; get() accepts a folder path', async () => {
  const store = await freshStore('io', ['default']);
  await store.saveModel(tf, model, card('exp'));
  const dest = join(root, 'io', 'exported');
  const folder = await store.exportModel('exp', dest);
  assert.equal(folder, join(dest, 'exp'));
  await assert.rejects(store.exportModel('exp', dest), /already exists/);
  // At most one new folder, and none under a special file system (Node's recursive mkdir loops on /proc).
  await assert.rejects(store.exportModel('exp', join(root, 'io', 'no', 'such', 'place')), /the folder .*no\/such does not exist/);
  if (existsSync('/proc/self')) await assert.rejects(store.exportModel('exp', '/proc/alveo-export'), /cannot make the folder|does not exist/);
  const byPath = await store.get(folder);
  assert.equal(byPath.id, 'exp');
  assert.equal(byPath.builtIn, false);
  assert.equal(byPath.dir, folder);
  await writeFile(join(folder, 'ood.json'), '{"companion":true}');
  await writeFile(join(folder, 'README.md'), '# exp');
  // Another model under a taken id (its card differs: the same one would be refused, below).
  const exported = JSON.parse(await readFile(join(folder, 'card.json'), 'utf8')) as ModelCard;
  await writeFile(join(folder, 'card.json'), JSON.stringify({ ...exported, threshold: { value: 0.42, rule: 'another threshold' } }));
  const imported = await store.importFolder(folder);
  assert.equal(imported.id, 'exp-2');
  // The guardrail's statistics travel with the weights; the README (rendered from the old card) does not.
  assert.equal(await readFile(join(imported.dir, 'ood.json'), 'utf8'), '{"companion":true}');
  assert.ok(!existsSync(join(imported.dir, 'README.md')));
  assert.equal(JSON.parse(await readFile(join(imported.dir, 'card.json'), 'utf8')).id, 'exp-2');
  await assert.rejects(store.setActive(folder), /import the folder first/);
  await assert.rejects(store.importFolder(join(root, 'io')), /no card\.json/);
  const manifest = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const shard = join(folder, manifest.weightsManifest[0].paths.at(-1)!);
  // A weight file that is a link (to a file of this machine the same size) is refused: an import copies what links point at.
  const elsewhere = join(root, 'elsewhere.bin');
  await rename(shard, elsewhere);
  await symlink(elsewhere, shard);
  await writeFile(join(folder, 'card.json'), JSON.stringify({ ...exported, threshold: { value: 0.44, rule: 'a linked shard' } }));
  await assert.rejects(store.importFolder(folder), (err: Error) => err.message.startsWith(shard) && /is a link: an imported model's files must be its own/.test(err.message));
  await rm(shard);
  await rename(elsewhere, shard);
  // A copy whose weights were cut short (a partial download) is refused before it reaches the store.
  await writeFile(shard, (await readFile(shard)).subarray(0, 1000));
  await writeFile(join(folder, 'card.json'), JSON.stringify({ ...exported, threshold: { value: 0.43, rule: 'yet another threshold' } }));
  const before = (await store.list()).length;
  await assert.rejects(store.importFolder(folder), /weight files hold \d+ bytes, the manifest describes \d+ \(truncated or from another model\)/);
  assert.equal((await store.list()).length, before, 'nothing was added');
});

test('an export leaves out the local folders the model was trained and calibrated on; importing a model already installed is refused', async () => {
  const store = await freshStore('private', ['default']);
  const site = join(root, 'Smith John 0012345', 'site');
  const data = join(root, 'MRN-778 training');
  const base = card('site-model');
  const calibration = { temperature: 1.2, targetSensitivity: 0.95, method: 'calibrate', site: { root: site, images: { NORMAL: 20, PNEUMONIA: 20 }, patients: { NORMAL: 20, PNEUMONIA: 20 }, skipped: 0 }, fittedOn: `all 40 images of ${site}`, notes: [`fitted on ${site}`] } as unknown as NonNullable<ModelCard['calibration']>;
  const training = { dataset: { root: data } } as unknown as NonNullable<ModelCard['training']>;
  await store.saveModel(tf, model, { ...base, recipe: `alveo calibrate --data ${site} --model default`, notes: [`Trained on ${data}/NORMAL`], calibration, training });
  const folder = await store.exportModel('site-model', join(root, 'private', 'out'));
  const text = await readFile(join(folder, 'card.json'), 'utf8');
  assert.ok(!text.includes('Smith John') && !text.includes('MRN-778'), text);
  const out = JSON.parse(text) as ModelCard;
  assert.equal(out.recipe, 'alveo calibrate --data <the site folder> --model default');
  assert.deepEqual(out.notes, ['Trained on <the training folder>/NORMAL']);
  assert.equal(out.calibration?.site.root, '<the site folder>');
  // The installed card keeps its folders (this computer may show them).
  assert.equal((await store.get('site-model')).card.calibration?.site.root, site);

  // The same model again (exported, or renamed and exported) is refused, naming the installed one.
  await assert.rejects(store.importFolder(folder), /already installed as 'site-model' \(“Model site-model”\): the same weights and card/);
  await store.rename('site-model', 'Renamed');
  await assert.rejects(store.importFolder(folder), /already installed as 'site-model'/);
  // The same weights with another card (a calibration of it) is another model.
  await writeFile(join(folder, 'card.json'), JSON.stringify({ ...out, threshold: { value: 0.3, rule: 'site threshold' } }));
  assert.equal((await store.importFolder(folder)).id, 'site-model-2');
});

test('a card with a missing threshold is reported with its file', async () => {
  const store = await freshStore('badcard');
  const dir = join(root, 'badcard', 'loose');
  await writeModelFolder(tf, model, card('loose'), dir);
  const raw = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));
  delete raw.threshold;
  await writeFile(join(dir, 'card.json'), JSON.stringify(raw));
  await assert.rejects(store.get(dir), (err: Error) => err.message.includes(join(dir, 'card.json')) && /threshold/.test(err.message));
});

test('extra JSON files (ood.json) are written with the model, atomically; the listing says which models carry the feature guardrail', async () => {
  const store = await freshStore('extra');
  await store.saveModel(tf, model, card('with-stats'), { extraJson: { 'ood.json': { fitted: 'here' } } });
  await store.saveModel(tf, model, card('without'));
  assert.deepEqual(JSON.parse(await readFile(join(store.userModelsDir, 'with-stats', 'ood.json'), 'utf8')), { fitted: 'here' });
  assert.deepEqual((await store.list()).map((e) => [e.id, e.featureGuardrail]), [['with-stats', true], ['without', false]]);
  await assert.rejects(store.saveModel(tf, model, card('bad-extra'), { extraJson: { 'card.json': {} } }), /cannot be an extra file/);
  assert.equal(existsSync(join(store.userModelsDir, 'bad-extra')), false, 'nothing half-written');
  assert.deepEqual((await readdir(store.userModelsDir)).filter((n) => n.startsWith('.')), []);
});

test('a model write killed mid-way (kill -9) leaves a hidden folder that the next store sweeps; a live writer\'s stays', async () => {
  const store = await freshStore('sweep');
  await mkdir(store.userModelsDir, { recursive: true });
  const atomic = join(import.meta.dirname, '../../../src-main/engine/files/atomic-files.ts');
  const target = join(store.userModelsDir, 'half');
  // A real process writes a model folder and is killed before it finishes.
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(atomic)}).then((m) => m.writeFolderAtomic(${JSON.stringify(target)}, async (tmp) => { require('fs').writeFileSync(tmp + '/model.json', '{}'); console.log('writing'); await new Promise(() => {}); }))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const left = (await readdir(store.userModelsDir)).filter((n) => n.startsWith('.half.'));
  assert.equal(left.length, 1, 'the killed write left its temporary folder');
  const mine = join(store.userModelsDir, `.other.tmp-${process.pid}-0123abcd`);
  await mkdir(mine);
  const fresh = new ModelStore({ builtInDir: store.builtInDir, userDir: store.userDir });
  assert.deepEqual(await fresh.list(), []);
  assert.deepEqual((await readdir(store.userModelsDir)).sort(), [`.other.tmp-${process.pid}-0123abcd`], 'the dead writer\'s folder is gone, the live one\'s stays');
});

test('a model.json naming weight files outside its folder is refused: nothing is read or written there (import, calibration copy)', async () => {
  const store = await freshStore('traversal');
  const dir = join(root, 'traversal', 'crafted');
  await writeModelFolder(tf, model, card('crafted'), dir);
  const victim = join(root, 'traversal', 'victim');
  await mkdir(victim, { recursive: true });
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const last = json.weightsManifest[0].paths.length - 1;
  // The last shard's bytes under a name that climbs out of the folder (so the sizes still add up).
  const climb = '../victim/.bashrc';
  await writeFile(join(dir, climb), await readFile(join(dir, json.weightsManifest[0].paths[last])));
  json.weightsManifest[0].paths[last] = climb;
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
  const before = await readFile(join(victim, '.bashrc'));
  await assert.rejects(store.importFolder(dir), /weight file "\.\.\/victim\/\.bashrc" in model\.json is a path, not a file name in the model folder: refused/);
  const entry = { id: 'crafted', dir, card: card('crafted'), builtIn: false, active: false } as unknown as Parameters<ModelStore['saveWithWeightsOf']>[0];
  await assert.rejects(store.saveWithWeightsOf(entry, card('crafted-site')), /is a path, not a file name/);
  assert.deepEqual(await readFile(join(victim, '.bashrc')), before, 'the victim file is untouched');
  // The old copy wrote the file relative to the store's temporary folder: <user>/models/victim/.bashrc.
  assert.ok(!existsSync(join(root, 'traversal', 'user', 'models', 'victim')), 'nothing written outside a model folder');
  for (const name of ['..', '.hidden.bin', 'a\\b.bin', 'model.json', '']) {
    json.weightsManifest[0].paths[last] = name;
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await assert.rejects(store.importFolder(dir), /in model\.json .*: refused/, JSON.stringify(name));
  }
});

test('a model Alveo saves names who made it, where, with which Alveo, and the weights its parent had then', async () => {
  const store = await freshStore('provenance', ['default']);
  const parent = await store.get('default');
  const trained = await store.saveModel(tf, model, card('ward-ft', { parent: 'default' }), { parentDir: parent.dir });
  const calibrated = await store.saveWithWeightsOf(trained, card('ward-cal', { parent: 'ward-ft' }));
  const orphan = await store.saveModel(tf, model, card('from-scratch'));
  const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
  for (const e of [trained, calibrated, orphan]) {
    const onDisk = JSON.parse(await readFile(join(e.dir, 'card.json'), 'utf8')) as ModelCard;
    assert.deepEqual([onDisk.provenance?.createdBy, onDisk.provenance?.host, onDisk.provenance?.alveo], [userInfo().username, hostname(), pkg.version], e.id);
  }
  assert.equal(trained.card.provenance?.parentWeightsSha256, await modelWeightsSha256(parent.dir));
  // A calibration shares its parent's weights: the same hash, which is what makes it traceable.
  assert.equal(calibrated.card.provenance?.parentWeightsSha256, await modelWeightsSha256(trained.dir));
  assert.equal(orphan.card.provenance?.parentWeightsSha256, undefined, 'no parent: no parent hash');
  // Grown from another folder whose model has the id 'default' too (an older release's): that folder's weights, not the installed default's.
  const older = join(root, 'provenance', 'older-default');
  await writeModelFolder(tf, buildResNet18(tf, { inputSize: SIZE, seed: 99 }), card('default'), older);
  const fromOlder = await store.saveModel(tf, model, card('from-older', { parent: 'default' }), { parentDir: older });
  assert.equal(fromOlder.card.provenance?.parentWeightsSha256, await modelWeightsSha256(older));
  assert.notEqual(fromOlder.card.provenance?.parentWeightsSha256, await modelWeightsSha256(parent.dir));
  const unsaid = await store.saveModel(tf, model, card('unsaid', { parent: 'default' }));
  assert.equal(unsaid.card.provenance?.parentWeightsSha256, undefined, 'the folder not given: not guessed from the id');
  // An export leaves the user and the host here; the version and the parent's weights travel.
  const out = await store.exportModel('ward-ft', join(root, 'provenance', 'export'));
  const exported = JSON.parse(await readFile(join(out, 'card.json'), 'utf8')) as ModelCard;
  assert.deepEqual(exported.provenance, { createdBy: '<not exported>', host: '<not exported>', alveo: pkg.version, parentWeightsSha256: await modelWeightsSha256(parent.dir) });
});
