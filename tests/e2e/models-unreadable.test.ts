// A damaged active model in Debian Chromium against the web host and the real engine: the AI panel
// refuses (naming the file), the Models tab lists the damaged folder with the file and the cause
// and marks it active; making another model active from there scores again, and the damaged
// folder, no longer active, can be deleted while it is still unreadable.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { ModelsPage } from './pages/models-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, SCREENSHOTS, sharedFile } from './support/shared-data';
import { saveUserModel, writeBuiltInModel } from './support/worklist-fixtures';

const JPEGS = ['kermany-orig/val/PNEUMONIA/person1950_bacteria_4881.jpeg', 'kermany-orig/val/NORMAL/NORMAL2-IM-1436-0001.jpeg'];

describe('an unreadable active model', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let builtIn: string;
  let models: ModelsPage;

  before(async () => {
    builtIn = await mkdtemp(join(tmpdir(), 'alveo-builtin-'));
    await writeBuiltInModel(await getTf(), builtIn, 'default', 'Alveo default (test)', 3);
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
