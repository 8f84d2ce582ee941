// The PACS source in Debian Chromium, against the web host, the real engine and a real Orthanc:
// add a DICOMweb node, test it, search, open a study (retrieved into the cache), send the result
// back to the PACS, save it as DICOM, and score a search result as a worklist.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPacsClient } from '../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { orthancMissing, startOrthanc, type Orthanc } from '../engine/pacs/support/orthanc';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';
import { until } from './support/until';

const STUDY = '1.2.826.0.1.3680043.2.1125.88.1';

describe('PACS source', { skip: chromiumMissing() ?? orthancMissing() ?? false }, () => {
  let pacs: Orthanc;
  let app: AppUnderTest;

  before(async () => {
    pacs = await startOrthanc();
    app = await startApp();
    const files: string[] = [];
    for (const i of [1, 2]) {
      files.push(
        await writeDicom(join(app.scratch, `p${i}.dcm`), {
          rows: 160,
          columns: 160,
          pixels: chestPhantom(160, 160, 60 * i, 3000),
          bitsStored: 12,
          attributes: { PatientID: 'E2E-PACS', PatientName: 'Browser^Test', StudyDate: '20250401', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.${i}`, Modality: 'CR', ViewPosition: 'PA' },
        }),
      );
    }
    const stored = await openPacsClient(parsePacsNode(pacs.dimse)).store(files);
    assert.ok(stored.every((s) => s.ok));
  });
  after(async () => {
    await app?.close();
    await pacs?.stop();
  });

  test('add a node, test it, search, open a study, send and save its result, score it as a worklist', async () => {
    const page = app.page;
    await page.getByTestId('tab-pacs').click();
    // First a wrong path on the same Orthanc: Test connection must fail, saying so once.
    const wrongUrl = pacs.dicomWeb.replace(/\/dicom-web$/, '/not-dicom-web');
    await page.getByTestId('pacs-node-name').fill('Test Orthanc');
    await page.getByTestId('pacs-node-address').fill(wrongUrl);
    await page.getByTestId('pacs-node-user').fill(pacs.user);
    await page.getByTestId('pacs-node-password').fill(pacs.password);
    await page.getByTestId('pacs-node-save').click();
    await page.getByTestId('pacs-node').filter({ hasText: 'Test Orthanc' }).waitFor();
    assert.equal(await page.getByTestId('pacs-node-password').inputValue(), '', 'the password is not shown back');
    await page.getByTestId('pacs-echo').click();
    await page.getByTestId('pacs-error').waitFor();
    assert.equal(
      (await page.getByTestId('pacs-error').innerText()).trim(),
      `PACS ${wrongUrl}: not a DICOMweb endpoint: HTTP 404 for ${wrongUrl}/studies — check the path (Orthanc: http://host:8042/dicom-web)`,
    );
    assert.equal(await page.getByTestId('pacs-message').count(), 0, 'no "answered in" for a wrong path');
    // Corrected (the stored password is kept), it answers.
    await page.getByTestId('pacs-node-address').fill(pacs.dicomWeb);
    await page.getByTestId('pacs-node-save').click();
    await page.getByTestId('pacs-message').filter({ hasText: /Saved Test Orthanc/ }).waitFor();
    await page.getByTestId('pacs-echo').click();
    await page.getByTestId('pacs-message').filter({ hasText: /answered in \d+ ms/ }).waitFor();
    assert.equal(await page.getByTestId('pacs-error').count(), 0);

    await page.getByTestId('pacs-patient-id').fill('E2E-PACS');
    await page.getByTestId('pacs-modalities').fill('');
    await page.getByTestId('pacs-search').click();
    await until(async () => (await page.getByTestId('pacs-study').count()) === 1, 20_000, 'one study found');
    const row = await page.getByTestId('pacs-study').innerText();
    assert.match(row, /2025-04-01/);
    assert.match(row, /Browser Test/);
    await page.screenshot({ path: join(SCREENSHOTS, 'pacs-search.png') });

    await page.getByTestId('pacs-open').click();
    // The result can be saved or sent only once it is shown (after its warnings, if any).
    const reveal = page.getByTestId('reveal-probability');
    await page.getByTestId('probability').or(reveal).first().waitFor({ timeout: 120_000 });
    if (await reveal.isVisible()) {
      assert.equal(await page.getByTestId('dicom-send').count(), 0, 'no save/send while the answer is held back by warnings');
      await reveal.click();
    }
    await page.getByTestId('dicom-send').waitFor({ timeout: 120_000 });
    assert.deepEqual(await readdir(join(app.scratch, 'home', 'pacs', 'cache')), [STUDY], 'retrieved into the cache');

    await page.getByTestId('dicom-send').click();
    await page.getByTestId('dicom-message').filter({ hasText: /Sent the SR and the Grad-CAM capture to Test Orthanc/ }).waitFor({ timeout: 60_000 });
    const after = await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({ patientId: 'E2E-PACS' });
    assert.deepEqual([...after[0].modalities].sort(), ['CR', 'OT', 'SR']);

    const out = join(app.scratch, 'dicom-out');
    await page.getByTestId('dicom-save').click();
    await page.getByTestId('dicom-out-folder').fill(out);
    await page.getByTestId('dicom-save-confirm').click();
    await page.getByTestId('dicom-message').filter({ hasText: /Saved the SR/ }).waitFor({ timeout: 60_000 });
    const saved = (await readdir(out)).sort();
    assert.equal(saved.length, 2);
    assert.match(saved[0], /^SC_2\.25\.\d+\.dcm$/);
    assert.match(saved[1], /^SR_2\.25\.\d+\.dcm$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'pacs-result-sent.png') });

    await page.getByTestId('tab-pacs').click();
    await page.getByTestId('pacs-search').click();
    await until(async () => (await page.getByTestId('pacs-study').count()) === 1, 20_000, 'the study again');
    await page.getByTestId('pacs-score').click();
    const list = new WorklistPage(page, SCREENSHOTS);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(2);
    const rows = await list.rows();
    assert.equal(rows.length, 2, 'the study from the cache (its two images), scored as a worklist');
    assert.ok(rows.every((r) => r.file.includes(STUDY)));

    // "Save results as DICOM…" from the worklist: an SR + capture per scored row.
    const fromList = join(app.scratch, 'worklist-dicom');
    await page.getByTestId('worklist-dicom-save').click();
    await page.getByTestId('worklist-dicom-folder').fill(fromList);
    await page.getByTestId('worklist-dicom-confirm').click();
    await page.getByTestId('worklist-dicom-message').filter({ hasText: /Saved 2 result\(s\) as DICOM/ }).waitFor({ timeout: 120_000 });
    const listed = await readdir(fromList);
    assert.equal(listed.filter((f) => /^SR_2\.25\.\d+\.dcm$/.test(f)).length, 2);
    assert.equal(listed.filter((f) => /^SC_2\.25\.\d+\.dcm$/.test(f)).length, 2);
    assert.deepEqual(app.consoleErrors, []);
  });
});
