// A damaged active model in Debian Chromium against the web host and the real engine: the AI panel
// refuses (naming the file), the Models tab lists the damaged folder with the file and the cause
// and marks it active; making another model active from there scores again, and the damaged
// folder, no longer active, can be deleted while it is still unreadable. Several unreadable folders
// leave the model list in view; each delete button names its folder; a double click deletes once;
// a refusal (a damaged settings.json) is said beside the folder.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { ModelsPage } from './pages/models-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, SCREENSHOTS, sharedFile } from './support/shared-data';
import { CHILD_POPULATION, saveUserModel, writeBuiltInModel } from './support/worklist-fixtures';

// The page's globals, for the code run in it (the tests compile without the DOM lib).
declare const document: { activeElement: { getAttribute(name: string): string | null } | null };
declare function getComputedStyle(el: unknown): { backgroundColor: string };

const JPEGS = ['kermany-orig/val/PNEUMONIA/person1950_bacteria_4881.jpeg', 'kermany-orig/val/NORMAL/NORMAL2-IM-1436-0001.jpeg'];

describe('an unreadable active model', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let builtIn: string;
  let models: ModelsPage;

  before(async () => {
    builtIn = await mkdtemp(join(tmpdir(), 'alveo-builtin-'));
    // With a population, as the shipped model: "make it active" from the damaged entry asks nothing.
    await writeBuiltInModel(await getTf(), builtIn, 'default', 'Alveo default (test)', 3, CHILD_POPULATION);
    app = await startApp({ builtInModelsDir: builtIn });
    await saveUserModel(app.engine, { builtInDir: builtIn, userDir: join(app.scratch, 'home') }, 'ward-a', { name: 'Ward A', seed: 11, parent: 'default' });
    await app.engine.setActiveModel('ward-a');
    await app.viewer.goto(app.host.url); // the page loads its model list afresh
    models = new ModelsPage(app.page, SCREENSHOTS);
  });
  after(async () => {
    await app?.close();
    await rm(builtIn, { recursive: true, force: true });
  });

  test('is listed in the Models tab with why and marked active; another made active scores again; the folder can then be deleted', async (t) => {
    const files = JPEGS.map((r) => sharedFile(r));
    if (files.some((f) => !f)) return t.skip(missingData('kermany-orig/val'));
    const [first, second] = files as string[];
    const v = app.viewer;
    await v.open(first);
    await v.waitForImage(first);
    await v.probability();
    assert.equal(await app.page.getByTestId('model-name').innerText(), 'Ward A');

    // The active model's card cut short in the user folder.
    const dir = join(app.scratch, 'home', 'models', 'ward-a');
    const cardFile = join(dir, 'card.json');
    await writeFile(cardFile, (await readFile(cardFile, 'utf8')).slice(0, 60));
    await v.open(second);
    await v.waitForImage(second);
    const refused = app.page.getByTestId('ai-error');
    await refused.waitFor({ timeout: 60_000 });
    assert.match(await refused.innerText(), /ward-a.*card\.json/s);

    await models.show();
    const entry = app.page.locator('[data-testid="unreadable-model"][data-model-id="ward-a"]');
    await entry.waitFor({ timeout: 30_000 });
    assert.equal(await entry.getAttribute('data-active'), 'true');
    assert.match(await entry.getByTestId('unreadable-active-badge').innerText(), /^active$/i);
    // The file once, then the cause.
    const reason = await entry.getByTestId('unreadable-reason').innerText();
    assert.ok(reason.startsWith(`${cardFile}: not valid JSON`) && reason.split(cardFile).length === 2, reason);
    // Not among the readable models, none of which is marked active.
    assert.deepEqual((await models.listed()).map((m) => [m.id, m.active]), [['default', false]]);
    // The active folder cannot be deleted yet: the button says why.
    assert.equal(await entry.getByTestId('unreadable-delete').isDisabled(), true);
    assert.match((await entry.getByTestId('unreadable-delete').getAttribute('title')) ?? '', /active model cannot be deleted/);
    await models.screenshot('models-unreadable-active');

    await entry.getByTestId('unreadable-activate-other').click();
    await models.notice('Alveo default (test) is now the active model');
    assert.equal(await entry.getAttribute('data-active'), 'false');
    assert.deepEqual((await models.listed()).map((m) => [m.id, m.active]), [['default', true]]);

    // The AI panel reads the image on screen again, with the model now active.
    await app.page.getByTestId('tab-viewer').click();
    await app.page.getByTestId('model-name').filter({ hasText: 'Alveo default (test)' }).waitFor({ timeout: 60_000 });
    const p = await v.probability();
    const info = await app.engine.openStudy(second);
    const expected = await app.engine.predict(info.studyId, 'default');
    await app.engine.closeStudy(info.studyId);
    assert.ok(Math.abs(p - expected.probability) < 0.0006, `viewer ${p} = engine ${expected.probability}`);

    // No longer active, the damaged folder can be deleted while it is still unreadable.
    await models.show();
    await entry.getByTestId('unreadable-delete').click();
    await entry.getByTestId('unreadable-delete-confirm').click();
    await models.notice('Deleted ward-a');
    await app.page.getByTestId('unreadable-models').waitFor({ state: 'detached' });
    assert.equal(existsSync(dir), false);
  });

  test('the page logged no errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe('several unreadable folders', { skip: chromiumMissing() ?? false }, () => {
  const IDS = ['broken-1', 'broken-2', 'broken-3', 'broken-4', 'broken-5', 'broken-6'];
  let app: AppUnderTest;
  let builtIn: string;
  let models: ModelsPage;
  let home: string;

  before(async () => {
    builtIn = await mkdtemp(join(tmpdir(), 'alveo-builtin-'));
    await writeBuiltInModel(await getTf(), builtIn, 'default', 'Alveo default (test)', 3);
    app = await startApp({ builtInModelsDir: builtIn });
    home = join(app.scratch, 'home');
    // Three readable models, so the list has rows to show; then folders with no model.json, each
    // listed as unreadable, none active.
    for (const [i, id] of ['ward-a', 'ward-b', 'ward-c'].entries()) await saveUserModel(app.engine, { builtInDir: builtIn, userDir: home }, id, { name: `Ward ${i}`, seed: 20 + i, parent: 'default' });
    for (const id of IDS) await mkdir(join(home, 'models', id), { recursive: true });
    await app.viewer.goto(app.host.url); // the page loads its model list afresh
    models = new ModelsPage(app.page, SCREENSHOTS);
    await models.show();
    await models.waitForModels(4);
    await app.page.locator('[data-testid="unreadable-model"]').nth(IDS.length - 1).waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await app?.close();
    await rm(builtIn, { recursive: true, force: true });
  });

  test('leave the model list visible, and each delete button names its folder', async () => {
    const list = await app.page.getByTestId('model-list').boundingBox();
    assert.ok(list && list.height > 100, `model list ${JSON.stringify(list)}`);
    await models.screenshot('models-unreadable-several');
    for (const id of IDS) assert.equal(await app.page.getByRole('button', { name: `Delete the folder ${id}…`, exact: true }).count(), 1, id);
  });

  test('a double click on the confirmation deletes once; the keyboard lands on the next folder', async () => {
    const deletes: string[] = [];
    app.page.on('request', (r) => r.url().endsWith('/api/deleteModel') && deletes.push(r.url()));
    const row = app.page.locator('[data-testid="unreadable-model"][data-model-id="broken-1"]');
    await row.getByTestId('unreadable-delete').click();
    const confirm = row.getByTestId('unreadable-delete-confirm');
    const focused = () => app.page.evaluate(() => [document.activeElement?.getAttribute('data-testid'), document.activeElement?.getAttribute('aria-label')]);
    assert.equal((await focused())[0], 'unreadable-delete-confirm', 'the confirmation takes the focus');
    // Filled red, not the section's own background.
    const [fill, section] = await Promise.all([confirm.evaluate((b) => getComputedStyle(b).backgroundColor), app.page.getByTestId('unreadable-models').evaluate((s) => getComputedStyle(s).backgroundColor)]);
    assert.notEqual(fill, section);
    await confirm.dblclick();
    await models.notice('Deleted broken-1');
    await row.waitFor({ state: 'detached' });
    assert.equal(deletes.length, 1, 'one delete sent');
    assert.equal(await app.page.getByTestId('models-notice').innerText(), 'Deleted broken-1.', 'no second attempt failed after it');
    assert.equal(existsSync(join(home, 'models', 'broken-1')), false);
    assert.equal(await app.page.getByTestId('unreadable-model').count(), IDS.length - 1);
    assert.deepEqual(await focused(), ['unreadable-delete', 'Delete the folder broken-2…']);
  });

  test('with a damaged settings.json the engine refuses, and the row says why', async () => {
    await writeFile(join(home, 'settings.json'), '{"activeModel": ');
    const row = app.page.locator('[data-testid="unreadable-model"][data-model-id="broken-2"]');
    await row.getByTestId('unreadable-delete').click();
    await row.getByTestId('unreadable-delete-confirm').click();
    const refused = row.getByTestId('unreadable-delete-refused');
    await refused.waitFor({ timeout: 30_000 });
    assert.match(await refused.innerText(), /^Not deleted\. .*settings file is not valid JSON/s);
    // Back to the first step, the folder kept.
    assert.equal(await row.getByTestId('unreadable-delete').isEnabled(), true);
    assert.equal(await row.getByTestId('unreadable-delete-confirm').count(), 0);
    assert.equal(existsSync(join(home, 'models', 'broken-2')), true);
  });

  test('the page logged no errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
