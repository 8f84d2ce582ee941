// The PACS source in Debian Chromium, against the web host, the real engine and a real Orthanc:
// add a DICOMweb node, test it, search, open a study (retrieved into the cache), send the result
// back to the PACS (to the node the study came from, named on the button; a repeat is "Send
// again"), save it as DICOM (by default under <user folder>/results, never the study's folder), and
// score a search result as a worklist (held-back rows left out of its DICOM save unless ticked in).
// Search rows belong to the node that found them: selecting another node clears them.
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPacsClient } from '../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from '../engine/pacs/support/orthanc';
import { PacsPage } from './pages/pacs-page';
import { ViewerPage } from './pages/viewer-page';
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
          // Image 2 says the patient is 64: its answer is held back (the model was trained on children).
          attributes: { PatientID: 'E2E-PACS', PatientName: 'Browser^Test', StudyDate: '20250401', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.${i}`, Modality: 'CR', ViewPosition: 'PA', ...(i === 2 ? { PatientAge: '064Y' } : {}) },
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
      `PACS Test Orthanc (${wrongUrl}): not a DICOMweb endpoint: HTTP 404 for ${wrongUrl}/studies — check the path (Orthanc: http://host:8042/dicom-web)`,
    );
    assert.equal(await page.getByTestId('pacs-message').count(), 0, 'no "answered in" for a wrong path');
    // Corrected (the stored password is kept), it answers.
    await page.getByTestId('pacs-node-address').fill(pacs.dicomWeb);
    await page.getByTestId('pacs-node-save').click();
    await page.getByTestId('pacs-message').filter({ hasText: /Saved Test Orthanc/ }).waitFor();
    await page.getByTestId('pacs-echo').click();
    await page.getByTestId('pacs-message').filter({ hasText: /answered in \d+ ms/ }).waitFor();
    assert.equal(await page.getByTestId('pacs-error').count(), 0);

    const pacsTab = new PacsPage(page);
    await pacsTab.searchPatientId('E2E-PACS', 1);
    const row = await page.getByTestId('pacs-study').innerText();
    assert.match(row, /2025-04-01/);
    assert.match(row, /Browser, Test/);
    assert.equal(await pacsTab.rowsFrom(), '1 study on Test Orthanc');
    await page.screenshot({ path: join(SCREENSHOTS, 'pacs-search.png') });
    // An empty DICOMweb search with a '+' in it: Orthanc 1.10 mis-matches '%2B', so the panel says to try DIMSE.
    assert.equal(await page.getByTestId('pacs-plus-hint').count(), 0);
    await pacsTab.searchPatientId('E2E+PACS', 0);
    assert.match(await page.getByTestId('pacs-plus-hint').innerText(), /Some DICOMweb servers mis-handle '\+' in a search: try the same search on a DIMSE node/);
    await pacsTab.searchPatientId('E2E-PACS', 1);
    assert.equal(await page.getByTestId('pacs-plus-hint').count(), 0);

    // A second node, unreachable: its errors name it as the user does, and its address. Selecting
    // it clears Test Orthanc's rows (an Open there would retrieve from the wrong node).
    const closed = await freePort();
    await pacsTab.addNode('Dead: node (old)', `DEAD@127.0.0.1:${closed}`);
    assert.equal(await pacsTab.rowCount(), 0, 'a new node selected: the other node\'s rows are gone');
    assert.equal(await pacsTab.echo(), `PACS Dead: node (old) (DEAD@127.0.0.1:${closed}): unreachable: nothing accepts connections at 127.0.0.1:${closed} (connection refused)`);
    // A receive port (C-MOVE) brings "Stores from" (the PACS's other machines); both are kept.
    assert.equal(await page.getByTestId('pacs-node-move-from').count(), 0, 'no "Stores from" without a receive port');
    await page.getByTestId('pacs-node-move-port').fill('11112');
    await page.getByTestId('pacs-node-move-from').fill('pacs-store-2, 10.1.2.3');
    await page.getByTestId('pacs-node-save').click();
    await page.getByTestId('pacs-message').filter({ hasText: /Saved Dead: node/ }).waitFor();
    await pacsTab.selectNode('Test Orthanc');
    await pacsTab.searchPatientId('E2E-PACS', 1);
    await pacsTab.selectNode('Dead: node (old)');
    assert.equal(await page.getByTestId('pacs-node-move-from').inputValue(), 'pacs-store-2, 10.1.2.3');
    assert.equal(await pacsTab.rowCount(), 0, 'switching node clears the rows');
    assert.equal(await page.getByTestId('pacs-none').count(), 0, 'and says nothing about a search not made there');
    await pacsTab.selectNode('Test Orthanc');
    await pacsTab.searchPatientId('E2E-PACS', 1);

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

    // The dead node is selected in the PACS tab, but the study came from Test Orthanc: it goes back there.
    await pacsTab.show();
    await pacsTab.selectNode('Dead: node (old)');
    await page.getByTestId('tab-viewer').click();
    const send = page.getByTestId('dicom-send');
    await send.waitFor();
    assert.equal((await send.innerText()).trim(), 'Send to Test Orthanc');
    await send.click();
    const sentLine = page.getByTestId('dicom-message');
    await sentLine.or(page.getByTestId('dicom-error')).first().waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('dicom-error').count(), 0, await page.getByTestId('dicom-error').first().innerText().catch(() => ''));
    assert.match(await sentLine.innerText(), /^Sent the SR and the Grad-CAM capture to Test Orthanc at \d\d:\d\d\. Sending again adds a second copy there\.$/);
    assert.equal((await send.innerText()).trim(), 'Send again to Test Orthanc', 'a repeat is explicit');
    const after = await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({ patientId: 'E2E-PACS' });
    assert.deepEqual([...after[0].modalities].sort(), ['CR', 'OT', 'SR']);
    // Picking the other node here names it on the button (nothing was sent there yet).
    await page.getByTestId('dicom-send-target').selectOption({ label: 'Dead: node (old)' });
    assert.equal((await send.innerText()).trim(), 'Send to Dead: node (old)');
    await page.getByTestId('dicom-send-target').selectOption({ label: 'Test Orthanc (study came from here)' });
    assert.equal((await send.innerText()).trim(), 'Send again to Test Orthanc');

    // Saved by default under <user folder>/results/<Study UID>: never into the study's own (cache) folder.
    const out = join(app.scratch, 'home', 'results', STUDY);
    await page.getByTestId('dicom-save').click();
    assert.equal(await page.getByTestId('dicom-out-folder').inputValue(), out);
    await page.getByTestId('dicom-save-confirm').click();
    await page.getByTestId('dicom-message').filter({ hasText: /Saved the SR/ }).waitFor({ timeout: 60_000 });
    const saved = (await readdir(out)).sort();
    assert.equal(saved.length, 2);
    assert.match(saved[0], /^SC_2\.25\.\d+\.dcm$/);
    assert.match(saved[1], /^SR_2\.25\.\d+\.dcm$/);
    assert.deepEqual((await readdir(join(app.scratch, 'home', 'pacs', 'cache', STUDY))).sort(), [1, 2].map((i) => `${STUDY}.1.${i}.dcm`), 'nothing written beside the study');
    await page.screenshot({ path: join(SCREENSHOTS, 'pacs-result-sent.png') });

    await pacsTab.show();
    await pacsTab.selectNode('Test Orthanc');
    await pacsTab.searchPatientId('E2E-PACS', 1);
    await page.getByTestId('pacs-score').click();
    const list = new WorklistPage(page, SCREENSHOTS);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(2);
    const rows = await list.rows();
    assert.equal(rows.length, 2, 'the study from the cache (its two images), scored as a worklist');
    assert.ok(rows.every((r) => r.file.includes(STUDY)));

    // "Save results as DICOM…" from the worklist: an SR + capture per scored row. Both rows are held
    // back (the phantom is unlike the training images; image 2's patient is also an adult): nothing
    // is saved unless the reader ticks them in.
    assert.equal(rows.filter((r) => r.warnings).length, 2, 'both rows held back on screen');
    await page.getByTestId('worklist-dicom-save').click();
    assert.equal(await page.getByTestId('worklist-dicom-folder').inputValue(), join(app.scratch, 'home', 'results', STUDY), 'the run folder is the study\'s cache folder: not there');
    assert.equal((await page.getByTestId('worklist-dicom-held').innerText()).trim(), '2 of 2 rows are held back (outside what the model can judge): include them');
    const include = page.getByTestId('worklist-dicom-include-held');
    const confirm = page.getByTestId('worklist-dicom-confirm');
    assert.equal(await include.isChecked(), false, 'unticked by default');
    assert.equal((await confirm.innerText()).trim(), 'Save 0');
    assert.equal(await confirm.isDisabled(), true, 'nothing to save without the held-back rows');
    await include.check();
    assert.equal((await confirm.innerText()).trim(), 'Save 2');
    const fromList = join(app.scratch, 'worklist-dicom');
    await page.getByTestId('worklist-dicom-folder').fill(fromList);
    await confirm.click();
    await page.getByTestId('worklist-dicom-message').filter({ hasText: /^Saved 2 result\(s\) as DICOM in / }).waitFor({ timeout: 120_000 });
    const listed = await readdir(fromList);
    assert.equal(listed.filter((f) => /^SR_2\.25\.\d+\.dcm$/.test(f)).length, 2);
    assert.equal(listed.filter((f) => /^SC_2\.25\.\d+\.dcm$/.test(f)).length, 2);
    // Asked again: the folder chosen last is proposed, and the box is unticked again.
    await page.getByTestId('worklist-dicom-save').click();
    assert.equal(await page.getByTestId('worklist-dicom-folder').inputValue(), fromList);
    assert.equal(await include.isChecked(), false);
    assert.deepEqual(app.consoleErrors, []);
  });

  test('after a reload: what was sent and where the study came from are remembered, a repeat is asked for; nodes; a PACS down warns in the viewer', async () => {
    const page = app.page;
    const home = join(app.scratch, 'home');
    const pacsTab = new PacsPage(page);
    const send = page.getByTestId('dicom-send');
    /** Waits for the answer (revealed past its warnings) and the send button. */
    const resultShown = async () => {
      const reveal = page.getByTestId('reveal-probability');
      await page.getByTestId('probability').or(reveal).first().waitFor({ timeout: 120_000 });
      if (await reveal.isVisible()) await reveal.click();
      await send.waitFor({ timeout: 120_000 });
    };
    const onPacs = async () => (await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({ patientId: 'E2E-PACS' }))[0].instances;
    await page.reload();

    // The worklist scored in the first test finished: offered back plainly, not as a crashed run.
    const list = new WorklistPage(page, SCREENSHOTS);
    await list.show();
    assert.match((await page.getByTestId('worklist-last-run').innerText()).trim(), new RegExp(`^Last worklist: .*${STUDY.replace(/\./g, '\\.')}, 2 images scored at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));
    assert.equal((await page.getByTestId('worklist-resume').innerText()).trim(), 'Show it again (from the cache)');

    // The search table after a reload: the last search's modalities ('' in the first test, not the
    // default CR,DX) are kept, never the patient ID; "Today" fills both dates; Date sorts both ways.
    await pacsTab.show();
    assert.equal(await page.getByTestId('pacs-modalities').inputValue(), '');
    assert.equal(await page.getByTestId('pacs-patient-id').inputValue(), '');
    await page.getByTestId('pacs-today').click();
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    assert.deepEqual([await page.getByTestId('pacs-date-from').inputValue(), await page.getByTestId('pacs-date-to').inputValue()], [day, day]);
    await page.getByTestId('pacs-date-from').fill('');
    await page.getByTestId('pacs-date-to').fill('');
    await pacsTab.searchPatientId('E2E-PACS', 1);
    const dateHeader = page.locator('th').filter({ has: page.getByTestId('pacs-sort-date') });
    assert.equal(await dateHeader.getAttribute('aria-sort'), 'descending', 'newest first by default');
    await page.getByTestId('pacs-sort-date').click();
    assert.equal(await dateHeader.getAttribute('aria-sort'), 'ascending');
    await page.getByTestId('pacs-sort-date').click();

    // The cached image opened straight from disk (no retrieve this session), with the dead node
    // selected: the result still goes back to Test Orthanc, and it says it was sent already.
    await pacsTab.selectNode('Dead: node (old)');
    await new ViewerPage(page, SCREENSHOTS).open(join(home, 'pacs', 'cache', STUDY, `${STUDY}.1.1.dcm`));
    await resultShown();
    // What the engine remembers arrives a moment after the study.
    await page.getByTestId('dicom-sent').waitFor();
    assert.equal((await send.innerText()).trim(), 'Send again to Test Orthanc');
    assert.match((await page.getByTestId('dicom-sent').innerText()).trim(), /^Sent to Test Orthanc at \d\d:\d\d: sending again adds a second copy there\.$/);
    const stored = await onPacs();
    await send.click();
    assert.match((await page.getByTestId('dicom-send-confirm-box').innerText()).trim(), /^A result for this image was already sent to Test Orthanc at \d\d:\d\d: send another\?/);
    await page.getByTestId('dicom-send-cancel').click();
    assert.equal(await page.getByTestId('dicom-send-confirm-box').count(), 0);
    assert.equal(await onPacs(), stored, 'nothing sent without the confirmation');

    // No local record (another workstation sent it): the retrieved study itself holds the result.
    await rm(join(home, 'pacs', 'sent.json'));
    await page.reload();
    await pacsTab.show();
    await pacsTab.searchPatientId('E2E-PACS', 1);
    await page.getByTestId('pacs-open').click();
    await resultShown();
    await page.getByTestId('dicom-in-study').waitFor();
    assert.equal((await send.innerText()).trim(), 'Send to Test Orthanc');
    await send.click();
    assert.equal((await page.getByTestId('dicom-send-confirm-box').locator('p').innerText()).trim(), 'The study on the PACS already holds an Alveo result for this image: send another to Test Orthanc?');
    await page.getByTestId('dicom-send-cancel').click();

    // Nodes: one name, one node; a delete is confirmed, naming the node.
    await pacsTab.show();
    await page.getByTestId('pacs-node-new').click();
    await page.getByTestId('pacs-node-name').fill('test orthanc');
    await page.getByTestId('pacs-node-address').fill('OTHER@127.0.0.1:11112');
    await page.getByTestId('pacs-node-save').click();
    await page.getByTestId('pacs-error').filter({ hasText: "a PACS node named 'Test Orthanc' already exists: give this one another name" }).waitFor();
    assert.equal(await page.getByTestId('pacs-node').count(), 2);
    await pacsTab.selectNode('Dead: node (old)');
    await page.getByTestId('pacs-node-delete').click();
    assert.match(await page.getByTestId('pacs-node-delete-box').innerText(), /Delete the node 'Dead: node \(old\)'\?/);
    await page.getByTestId('pacs-node-delete-cancel').click();
    assert.equal(await page.getByTestId('pacs-node').count(), 2, 'kept');
    await page.getByTestId('pacs-node-delete').click();
    await page.getByTestId('pacs-node-delete-confirm').click();
    await until(async () => (await page.getByTestId('pacs-node').count()) === 1, 10_000, 'the node deleted');

    // The PACS goes down after the search: the cached copy opens, and the viewer says it may be out of date.
    await pacsTab.selectNode('Test Orthanc');
    await pacsTab.searchPatientId('E2E-PACS', 1);
    await pacs.stop();
    await page.getByTestId('pacs-open').click();
    const note = page.getByTestId('pacs-open-note');
    await note.waitFor({ timeout: 60_000 });
    assert.match(await note.innerText(), /could not check the study for new images .*served the cached copy/);
    await page.getByTestId('viewport').waitFor();
    // The refused duplicate name is a BAD_ARGUMENT, which the web host answers with HTTP 400: the browser logs that one.
    assert.deepEqual(app.consoleErrors, ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});
