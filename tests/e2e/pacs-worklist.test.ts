// A PACS search scored as one worklist, in Debian Chromium against the web host, the real engine
// and a real Orthanc: "Score all N as a worklist" retrieves every study found and scores exactly
// those (not the rest of the cache), says which study could not be retrieved and goes on, J/K read
// across the studies, and after a reload the run is offered again under its label with the same
// studies.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPacsClient } from '../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { orthancMissing, startOrthanc, type Orthanc } from '../engine/pacs/support/orthanc';
import { PacsPage } from './pages/pacs-page';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

import { until } from './support/until';

declare const document: { querySelector(selector: string): { value: string } | null };

const ROOT = '1.2.826.0.1.3680043.2.1125.89';
/** Three studies of one patient (A: two images) and one of another; D is deleted on the PACS after the search. */
const STUDIES: { uid: string; patient: string; name?: string; date: string; images: number; description: string; views?: string[] }[] = [
  { uid: `${ROOT}.1`, patient: 'E2E-DAY', date: '20250401', images: 2, description: 'Chest A' },
  { uid: `${ROOT}.2`, patient: 'E2E-DAY', date: '20250403', images: 1, description: 'Chest B' },
  { uid: `${ROOT}.3`, patient: 'E2E-OTHER', date: '20250402', images: 1, description: 'Chest C' },
  { uid: `${ROOT}.4`, patient: 'E2E-DAY', date: '20250405', images: 1, description: 'Chest D' },
  // Priors: the same patient a month apart (the older one a lateral first, then the PA), and a
  // namesake filed under the same ID with another name (not her prior).
  { uid: `${ROOT}.20`, patient: 'E2E-PRIOR', date: '20250301', images: 2, description: 'Chest prior', views: ['LL', 'PA'] },
  { uid: `${ROOT}.21`, patient: 'E2E-PRIOR', date: '20250501', images: 1, description: 'Chest now' },
  { uid: `${ROOT}.22`, patient: 'E2E-PRIOR', name: 'Other^Person', date: '20250401', images: 1, description: 'Chest namesake' },
  // Enough studies not yet cached that a cancel lands while the batch is under way.
  ...Array.from({ length: 8 }, (_, i) => ({ uid: `${ROOT}.${10 + i}`, patient: 'E2E-MANY', date: '20250410', images: 2, description: `Chest M${i}` })),
];

describe('PACS search scored as a worklist', { skip: chromiumMissing() ?? orthancMissing() ?? false }, () => {
  let pacs: Orthanc;
  let app: AppUnderTest;

  before(async () => {
    pacs = await startOrthanc();
    app = await startApp();
    const files: string[] = [];
    for (const [s, study] of STUDIES.entries()) {
      for (let i = 1; i <= study.images; i++) {
        files.push(
          await writeDicom(join(app.scratch, `s${s}-${i}.dcm`), {
            rows: 128,
            columns: 128,
            pixels: chestPhantom(128, 128, 40 * s + 20 * i, 3000),
            bitsStored: 12,
            attributes: {
              PatientID: study.patient,
              PatientName: study.name ?? `${study.patient}^Test`,
              PatientAge: '004Y',
              StudyDate: study.date,
              StudyDescription: study.description,
              StudyInstanceUID: study.uid,
              SeriesInstanceUID: `${study.uid}.1`,
              SOPInstanceUID: `${study.uid}.1.${i}`,
              Modality: 'CR',
              ViewPosition: study.views?.[i - 1] ?? 'PA',
            },
          }),
        );
      }
    }
    const stored = await openPacsClient(parsePacsNode(pacs.dimse)).store(files);
    assert.ok(stored.every((s) => s.ok));
  });
  after(async () => {
    await app?.close();
    await pacs?.stop();
  });

  test('score all studies found: only they are scored, a failed one is named, J/K read across them, and a reload offers the run again', async () => {
    const page = app.page;
    const cache = join(app.scratch, 'home', 'pacs', 'cache');
    const pacsTab = new PacsPage(page);
    await pacsTab.show();
    await pacsTab.addNode('Day Orthanc', pacs.dicomWeb, { user: pacs.user, password: pacs.password });
    // Another patient's study is opened first: it is in the cache, and must not join the day's worklist.
    await pacsTab.searchPatientId('E2E-OTHER', 1);
    await page.getByTestId('pacs-open').click();
    await app.viewer.waitForImage(join(cache, STUDIES[2].uid, `${STUDIES[2].uid}.1.1.dcm`));

    await pacsTab.show();
    await pacsTab.searchPatientId('E2E-DAY', 3);
    assert.equal((await page.getByTestId('pacs-score-all').innerText()).trim(), 'Score all 3 as a worklist');
    // Study D leaves the PACS after the search: its retrieve fails, the others are scored.
    await deleteStudy(pacs, STUDIES[3].uid);
    await page.getByTestId('pacs-score-all').click();

    const list = new WorklistPage(page, SCREENSHOTS);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(3);
    const rows = await list.rows();
    assert.deepEqual(
      rows.map((r) => r.file.slice(cache.length + 1)).sort(),
      [`${STUDIES[0].uid}/${STUDIES[0].uid}.1.1.dcm`, `${STUDIES[0].uid}/${STUDIES[0].uid}.1.2.dcm`, `${STUDIES[1].uid}/${STUDIES[1].uid}.1.1.dcm`],
      'the studies of the search that could be retrieved, and nothing else of the cache',
    );
    assert.ok((await readdir(cache)).includes(STUDIES[2].uid), 'the other patient stays cached, unscored');
    assert.equal((await page.getByTestId('worklist-run-label').innerText()).trim(), 'Day Orthanc: 2 studies from 2025-04-01 to 2025-04-03');
    assert.match(
      await page.getByTestId('worklist-run-scope-note').innerText(),
      /^1 of 3 studies could not be retrieved and are not in this list: Chest D \(2025-04-05\): .+/,
    );
    assert.equal(await page.getByTestId('worklist-folder').inputValue(), '', 'the folder field is not set to the PACS cache');
    await list.screenshot('pacs-search-worklist');

    // J/K read on from one study to the next in the worklist's order.
    const order = rows.map((r) => r.file);
    await page.locator(`[data-testid="worklist-row"][data-file="${order[0]}"]`).click();
    await app.viewer.waitForImage(order[0]);
    for (const next of order.slice(1)) {
      await page.keyboard.press('j');
      await app.viewer.waitForImage(next);
      assert.equal(basename(await page.getByTestId('status-file').innerText()), basename(next));
    }
    assert.match(await page.getByTestId('worklist-reading').innerText(), /Worklist study 3 of 3/);

    // After a reload: the run is offered under its label, and shown again with the same studies only.
    await page.reload();
    await list.show();
    assert.match((await page.getByTestId('worklist-last-run').innerText()).trim(), /^Last worklist: Day Orthanc: 2 studies from 2025-04-01 to 2025-04-03, 3 images scored at \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.getByTestId('worklist-resume').click();
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(3);
    assert.deepEqual((await list.rows()).map((r) => r.file).sort(), [...order].sort());
    assert.deepEqual(app.consoleErrors, []);
  });

  test('cancel stops after the study under way; nothing is scored', async () => {
    const page = app.page;
    const pacsTab = new PacsPage(page);
    const list = new WorklistPage(page, SCREENSHOTS);
    await list.show();
    const run = await page.getByTestId('worklist-progress').getAttribute('data-run');
    await pacsTab.show();
    await pacsTab.searchPatientId('E2E-MANY', 8);
    await page.getByTestId('pacs-score-all').click();
    await page.getByTestId('pacs-batch').waitFor();
    await page.getByTestId('pacs-cancel').click();
    await page.getByTestId('pacs-message').filter({ hasText: /^Cancelled: [0-7] of 8 studies were retrieved \(kept in the cache\); nothing was scored$/ }).waitFor();
    await list.show();
    assert.equal(await page.getByTestId('worklist-progress').getAttribute('data-run'), run, 'no new worklist run');
  });

  test("side by side lists this patient's other studies on the PACS, never a namesake's, and retrieves the one chosen", async () => {
    const page = app.page;
    const cache = join(app.scratch, 'home', 'pacs', 'cache');
    const pacsTab = new PacsPage(page);
    await pacsTab.show();
    await pacsTab.searchPatientId('E2E-PRIOR', 3);
    await page.getByTestId('pacs-study').filter({ hasText: 'Chest now' }).getByTestId('pacs-open').click();
    const now = join(cache, STUDIES[5].uid, `${STUDIES[5].uid}.1.1.dcm`);
    await app.viewer.waitForImage(now);
    assert.ok(!(await readdir(cache)).includes(STUDIES[4].uid), 'the prior is not cached before it is chosen');

    await app.viewer.viewport.focus();
    await page.keyboard.press('c');
    await page.getByTestId('compare-bar').waitFor();
    const empty = page.getByTestId('compare-empty').filter({ hasText: /1 other study of this patient on Day Orthanc/ });
    await empty.waitFor({ timeout: 30_000 });
    const group = page.locator('[data-testid="compare-choice"] optgroup[label="This patient on Day Orthanc (retrieved when chosen)"] option');
    assert.deepEqual(await group.allInnerTexts(), ['prior · 2025-03-01 · CR · Chest prior · 2 images'], 'her prior only: not the namesake under the same ID');
    await page.getByTestId('compare-choice').selectOption(`pacs:${STUDIES[4].uid}`);
    // Retrieved, and its frontal image (not the lateral filed first) shown beside hers, with no warning.
    const frontal = join(cache, STUDIES[4].uid, `${STUDIES[4].uid}.1.2.dcm`);
    await page.waitForFunction((f) => document.querySelector('[data-testid="compare-choice"]')?.value === f, frontal, { timeout: 60_000 });
    const checked = page.getByTestId('compare-choice').locator('option:checked');
    await until(async () => /^prior · 2025-03-01 · PA/.test(await checked.innerText()), 60_000, 'the prior opened beside, named as her prior');
    await page.getByTestId('compare-reading').waitFor();
    assert.equal(await page.getByTestId('compare-patient-warning').count(), 0);
    assert.equal(await group.count(), 0, 'once here, it is listed with her images, not as a study to retrieve');
    await app.viewer.screenshot('compare-pacs-prior');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('side by side with the PACS down says it could not ask for priors (never "no other image"), and asks again on request', async () => {
    const page = app.page;
    const cache = join(app.scratch, 'home', 'pacs', 'cache');
    await page.reload();
    await pacs.stop();
    // A cached study of a patient with priors there; where it came from is remembered (origins.json).
    const file = join(cache, STUDIES[0].uid, `${STUDIES[0].uid}.1.1.dcm`);
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    await app.viewer.viewport.focus();
    await page.keyboard.press('c');
    const empty = page.getByTestId('compare-empty');
    await empty.filter({ hasText: /could not be asked for priors/ }).waitFor({ timeout: 60_000 });
    assert.match(await empty.innerText(), /^No other image of this patient here, and Day Orthanc could not be asked for priors/);
    // "Ask again" asks the PACS again (the failed answer is not kept for the session).
    const asked = page.waitForRequest((r) => r.url().includes('/api/findPacsStudies'), { timeout: 30_000 });
    await page.getByTestId('compare-priors-retry').click();
    await asked;
    await empty.filter({ hasText: /could not be asked for priors/ }).waitFor({ timeout: 60_000 });
  });
});

/** Deletes a study on Orthanc through its REST API (as a PACS administrator would). */
async function deleteStudy(pacs: Orthanc, studyUid: string): Promise<void> {
  const auth = { authorization: `Basic ${Buffer.from(`${pacs.user}:${pacs.password}`).toString('base64')}` };
  const base = `http://127.0.0.1:${pacs.httpPort}`;
  const found = (await (await fetch(`${base}/tools/lookup`, { method: 'POST', headers: auth, body: studyUid })).json()) as { ID: string; Type: string }[];
  const id = found.find((f) => f.Type === 'Study')?.ID;
  assert.ok(id, `study ${studyUid} on Orthanc`);
  const r = await fetch(`${base}/studies/${id}`, { method: 'DELETE', headers: auth });
  assert.ok(r.ok, `DELETE study: HTTP ${r.status}`);
}
