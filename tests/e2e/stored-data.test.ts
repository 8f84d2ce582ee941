// "Stored patient data" in the Models tab, in Debian Chromium against the web host and the real
// engine with the shipped model: what the score caches and the PACS cache hold, clearing the older
// part (a retention rule) or all of it after a confirmation, the audit line, and the refusal while
// a worklist run is scoring (its next save would write the scores back).
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pacsCacheDir } from '../../src-main/engine/pacs/pacs-cache-dir';
import { dispatch } from '../../src-main/hosts/dispatch';
import { scoreCacheDir } from '../../src-main/engine/retention/cached-patient-data';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { auditLines } from '../support/audit-lines';
import { ModelsPage } from './pages/models-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

describe('stored patient data', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let home: string;
  let folder: string;

  before(async () => {
    app = await startApp();
    home = join(app.scratch, 'home');
    folder = join(app.scratch, 'films');
    await mkdir(folder);
    for (let i = 0; i < 40; i++) await writeGrayPng(join(folder, `f${String(i).padStart(2, '0')}.png`), 256, 256, [{ top: 40 + i, left: 60, height: 120, width: 50, value: 90 + i }], 20);
    // A study as a retrieve leaves it in the PACS cache (a folder per study).
    await mkdir(join(pacsCacheDir(home), '1.2.3.4'), { recursive: true });
    await writeFile(join(pacsCacheDir(home), '1.2.3.4', '1.2.3.4.5.dcm'), Buffer.alloc(4096, 1));
  });
  after(async () => {
    await app?.close();
  });

  test('the Models tab says what is held; clearing asks first, keeps what is newer than the rule, then removes it all; the audit trail has each', async () => {
    const run = await app.engine.startScore({ folder });
    // While that run scores, clearing is refused: it would save its cache again.
    await assert.rejects(app.engine.clearCachedPatientData({}), /a worklist run is scoring .*films: cancel it \(or let it finish\), then clear the caches/);
    await app.engine.waitForJob(run.jobId);

    const models = new ModelsPage(app.page, SCREENSHOTS);
    await models.show();
    const held = app.page.getByTestId('stored-data-held');
    await held.filter({ hasText: /Score caches: 40 images/ }).waitFor({ timeout: 30_000 });
    assert.match(await held.innerText(), /PACS cache: 1 study, 0\.0 MB/);

    // A retention rule of 30 days: everything here is from today, so nothing goes.
    await app.page.getByTestId('stored-data-older').check();
    await app.page.getByTestId('stored-data-days').fill('30');
    await app.page.getByTestId('stored-data-clear').click();
    assert.match(await app.page.getByRole('group', { name: 'Confirm clearing' }).innerText(), /Remove scores last used and studies retrieved more than 30 days ago\?/);
    // What was asked stands while the question is up: the rule cannot be emptied (all) under it.
    assert.equal(await app.page.getByTestId('stored-data-days').isDisabled(), true);
    assert.equal(await app.page.getByTestId('stored-data-older').isDisabled(), true);
    // And a request with no number for the days is refused at the door, not read as 0 days.
    const refused = await dispatch(app.engine, 'clearCachedPatientData', [{ olderThanDays: null }]);
    assert.equal(refused.ok, false);
    assert.match(JSON.stringify(refused), /olderThanDays must be a whole number from 0 to 3650/);
    await app.page.getByTestId('stored-data-confirm').click();
    await app.page.getByTestId('stored-data-said').filter({ hasText: /^Removed 0 images’ scores and 0 retrieved studies/ }).waitFor({ timeout: 30_000 });
    assert.match(await held.innerText(), /Score caches: 40 images/);

    // "Keep" leaves it all; then everything, confirmed.
    await app.page.getByTestId('stored-data-older').uncheck();
    await app.page.getByTestId('stored-data-clear').click();
    await app.page.getByRole('button', { name: 'Keep' }).click();
    assert.equal((await readdir(scoreCacheDir(home), { recursive: true })).some((f) => f.endsWith('.json')), true, 'kept');
    await app.page.getByTestId('stored-data-clear').click();
    await app.page.getByTestId('stored-data-confirm').click();
    await app.page.getByTestId('stored-data-said').filter({ hasText: /^Removed 40 images’ scores and 1 retrieved study/ }).waitFor({ timeout: 30_000 });
    await held.filter({ hasText: /Score caches: 0 images/ }).waitFor();
    assert.match(await held.innerText(), /PACS cache: 0 studies/);
    assert.equal(await app.page.getByTestId('stored-data-clear').isDisabled(), true, 'nothing left to clear');
    assert.deepEqual((await readdir(scoreCacheDir(home), { recursive: true })).filter((f) => f.endsWith('.json')), []);
    assert.deepEqual(await readdir(pacsCacheDir(home)), []);

    const lines = (await auditLines(home)).filter((l) => l.action === 'clearCachedPatientData');
    assert.deepEqual(lines.map((l) => l.outcome), ['refused', 'done', 'done']);
    assert.equal(lines[1].olderThanDays, 30);
    assert.deepEqual(lines[2].scoreCaches, { files: 1, entries: 40, bytes: (lines[2].scoreCaches as { bytes: number }).bytes });
    assert.equal((lines[2].pacsStudies as { studies: number }).studies, 1);
    await models.page.screenshot({ path: join(SCREENSHOTS, 'models-stored-data.png') });
  });

  test('an audit line that cannot be written: the action stands and the status bar says so', async () => {
    // A file where the audit folder should be: no line can go in, whoever runs the tests.
    await rm(join(home, 'audit'), { recursive: true, force: true });
    await writeFile(join(home, 'audit'), 'not a folder');
    try {
      await app.page.getByTestId('site-age-unknown').check();
      await app.page.getByTestId('models-notice').filter({ hasText: /now read as children/ }).waitFor();
      const alert = app.page.getByTestId('audit-problem');
      await alert.waitFor({ timeout: 30_000 });
      assert.equal(await alert.getAttribute('role'), 'alert');
      assert.match(await alert.innerText(), /^⚠ The audit trail could not be written \(.+\): the action "setSitePolicy" stood but is not recorded$/);
      assert.deepEqual(await app.engine.getSitePolicy(), { ageUnknown: 'read-as-child' }, 'the action stood');
      assert.match((await app.engine.getInfo()).auditProblem ?? '', /setSitePolicy/, 'a page opened later learns it too');
    } finally {
      await rm(join(home, 'audit'), { force: true });
    }
  });

  test('the page logged no errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
