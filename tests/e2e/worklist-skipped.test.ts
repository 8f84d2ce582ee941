// The worklist accounts for every file of a folder in Chromium too: images get rows (scored or
// unreadable), and the harmless non-images (a DICOMDIR, notes) are counted as skipped, their names
// and reasons in the tooltip.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { writeDicomdir } from '../engine/study-sets/write-dicomdir';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

describe('worklist: skipped files', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(() => app?.close());

  test('rows for the images, "2 skipped (not images)" for the DICOMDIR and the notes', async () => {
    const folder = join(app.scratch, 'export');
    await mkdir(folder, { recursive: true });
    await writeGrayPng(join(folder, 'IMG0001'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
    await writeFile(join(folder, 'broken.dcm'), 'not a DICOM');
    await writeFile(join(folder, 'notes.txt'), 'checked\n');
    await writeDicomdir(join(folder, 'DICOMDIR'), [{ patientId: 'P', studies: [{ studyUid: '1.2', series: [{ seriesUid: '1.2.3', images: [{ fileId: ['X'] }] }] }] }]);
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    await list.start(folder, true);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(2);
    assert.deepEqual((await list.rows()).map((r) => r.label === 'ERROR').sort(), [false, true]);
    const skipped = app.page.getByTestId('worklist-skipped');
    assert.equal((await skipped.innerText()).trim(), '2 skipped (not images)');
    const title = (await skipped.getAttribute('title')) ?? '';
    assert.match(title, /DICOMDIR: a DICOMDIR/);
    assert.match(title, /notes\.txt: a text file/);
    // Not only in a tooltip: the count is a button that lists every skipped file with why.
    assert.equal(await skipped.getAttribute('aria-expanded'), 'false');
    await skipped.focus();
    await app.page.keyboard.press('Enter');
    const listed = await app.page.getByTestId('worklist-skipped-list').innerText();
    assert.match(listed, /DICOMDIR — a DICOMDIR/);
    assert.match(listed, /notes\.txt — a text file/);
    assert.deepEqual(app.consoleErrors, []);
  });

  test('a result cache that cannot be saved is said under the run, and every row is there', async () => {
    // A file where the cache folder should be: the save fails even for root (review 12 M6).
    await rm(join(app.scratch, 'home', 'cache'), { recursive: true, force: true });
    await writeFile(join(app.scratch, 'home', 'cache'), 'in the way\n');
    const folder = join(app.scratch, 'export-nocache');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 2; i++) await writeGrayPng(join(folder, `a${i}.png`), 120, 100, [{ top: 30, left: 20 + i * 10, height: 50, width: 40, value: 220 }], 30);
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    await list.start(folder, true);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(2);
    const notes = await app.page.getByTestId('worklist-run-notes').innerText();
    assert.match(notes, /the result cache .*cache.* could not be saved/);
    assert.deepEqual(app.consoleErrors, []);
  });

  test('a folder whose images are all in sub-folders, scored without them, says where to look', async () => {
    const folder = join(app.scratch, 'by-patient');
    await mkdir(join(folder, 'P-001'), { recursive: true });
    await writeGrayPng(join(folder, 'P-001', 'a.png'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    await list.start(folder, false);
    assert.equal(await list.waitForEnd(), 'done');
    const empty = await app.page.getByTestId('worklist-empty').innerText();
    assert.match(empty, /No images were found in this folder\./);
    assert.match(empty, /sub-folders were not searched: tick Include sub-folders/);
    await list.start(folder, true);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(1);
  });
});
