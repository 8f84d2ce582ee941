// "Your read" in Debian Chromium against the real engine: the reader records a finding and a note;
// with "Read first" the model's answer stays hidden (and unspoken) until then; the read is kept
// by the engine (it survives a reload), says whether the answer was on screen, and can be cleared.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { osUserName } from '../../src-main/engine/user-folder/os-user';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';
import { until } from './support/until';
import { WorklistPage } from './pages/worklist-page';

const JPEG = 'kermany-orig/val/PNEUMONIA/person1946_bacteria_4874.jpeg';

describe('Your read', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let dcm: string;
  before(async () => {
    app = await startApp();
    dcm = await writeDicom(join(app.scratch, 'read-first.dcm'), {
      rows: 256,
      columns: 256,
      pixels: chestPhantom(256, 256, 80, 3000),
      bitsStored: 12,
      attributes: { PatientID: 'E2E-READ', PatientAge: '004Y', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.97.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.97.1.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.97.1.1.1', Modality: 'CR', ViewPosition: 'PA' },
    });
  });
  after(async () => {
    await app?.close();
  });

  const engineRead = async (file: string) => {
    const { studyId } = await app.engine.openStudy(file);
    try {
      return await app.engine.getRead(studyId);
    } finally {
      await app.engine.closeStudy(studyId);
    }
  };

  test('read first: the answer waits for the read, which is kept (reload), says it came first, and can be cleared', async () => {
    const page = app.page;
    const v = app.viewer;
    await v.open(dcm);
    await v.waitForImage(dcm);
    await page.getByTestId('read-first').check();
    // The answer is computed but not shown, in words or in the announcement.
    await page.getByTestId('ai-awaiting-read').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('ai-result').count(), 0);
    assert.equal(await page.getByTestId('probability').count(), 0);
    assert.equal(await page.getByTestId('dicom-result-actions').count(), 0, 'nothing to save before the answer is shown');
    await until(async () => (await page.getByTestId('ai-announcement').textContent()) === 'The AI answer is hidden until you record your read.', 10_000, 'the announcement says it is hidden');
    // The heat map is part of the answer: O says it is hidden, and no "Show the score anyway" (it would show nothing).
    await page.getByTestId('viewport').click();
    await page.keyboard.press('o');
    await until(async () => /hidden until you record your read/.test((await page.getByTestId('viewer-announcement').textContent()) ?? ''), 5_000, 'O says the heat map is hidden');
    await page.keyboard.press('o');
    assert.equal(await page.getByTestId('reveal-probability').count(), 0);

    await page.getByTestId('read-note').fill('hazy left base');
    await page.getByTestId('read-no-pneumonia').click();
    const status = page.getByTestId('read-status');
    await status.filter({ hasText: 'Recorded no pneumonia' }).waitFor();
    assert.match(await status.innerText(), new RegExp(`by ${osUserName()} · before the model's answer`));
    assert.equal(await page.getByTestId('read-no-pneumonia').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByTestId('ai-awaiting-read').count(), 0, 'the answer comes once the read is recorded');
    const kept = await engineRead(dcm);
    assert.deepEqual([kept?.finding, kept?.note, kept?.afterAi], ['no-pneumonia', 'hazy left base', false]);
    assert.ok((kept?.readingMs ?? 0) > 0, `the time to the read is kept: ${kept?.readingMs}`);

    // A reload (the engine keeps the read): the same study opens with its read, its answer not held for it.
    await v.goto(app.host.url);
    await v.open(dcm);
    await v.waitForImage(dcm);
    await page.getByTestId('read-status').filter({ hasText: 'Recorded no pneumonia' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('read-first').isChecked(), true, 'read first is remembered');
    assert.equal(await page.getByTestId('read-note').inputValue(), 'hazy left base');
    assert.equal(await page.getByTestId('ai-awaiting-read').count(), 0);

    // A changed note is saved with the same finding, the read still the blinded one of its time.
    await page.getByTestId('read-note').fill('hazy left base, see lateral');
    await page.getByTestId('read-save-note').click();
    await until(async () => (await engineRead(dcm))?.note === 'hazy left base, see lateral', 10_000, 'the note saved');
    assert.deepEqual([(await engineRead(dcm))?.finding, (await engineRead(dcm))?.afterAi, (await engineRead(dcm))?.at], ['no-pneumonia', false, kept?.at]);
    // A note left by moving on (the box loses focus) is saved too.
    await page.getByTestId('read-note').fill('left by Tab');
    await page.keyboard.press('Tab');
    await until(async () => (await engineRead(dcm))?.note === 'left by Tab', 10_000, 'the note saved on leaving the box');

    // Changed once the answer is on screen: the new finding is "after", the blinded one kept as the first.
    await page.getByTestId('read-pneumonia').click();
    await page.getByTestId('read-first-finding').waitFor();
    assert.match(await page.getByTestId('read-status').innerText(), /Recorded pneumonia .* with the model's answer on screen .* first read no pneumonia \(before the model's answer\), kept/);
    const changed = await engineRead(dcm);
    assert.deepEqual([changed?.finding, changed?.afterAi, changed?.first?.finding, changed?.first?.afterAi], ['pneumonia', true, 'no-pneumonia', false]);

    await page.getByTestId('read-clear').click();
    await until(async () => (await engineRead(dcm)) === null, 10_000, 'the read withdrawn in the engine');
    // Withdrawn, the answer stays on screen: the reader has seen it (review 33 N2).
    assert.equal(await page.getByTestId('ai-awaiting-read').count(), 0);
    // (This phantom's answer is held back as unlike the training images: its warnings show, not a score.)
    await page.getByTestId('ai-warnings').or(page.getByTestId('ai-result')).first().waitFor();
    // Recorded again after its answer was seen: never "before", and the first read still kept.
    await page.getByTestId('read-indeterminate').click();
    await page.getByTestId('read-status').filter({ hasText: 'Recorded indeterminate' }).waitFor();
    const again = await engineRead(dcm);
    assert.deepEqual([again?.afterAi, again?.first?.finding], [true, 'no-pneumonia']);
    await page.getByTestId('read-clear').click();
    await until(async () => (await engineRead(dcm)) === null, 10_000, 'withdrawn again');
    // Opened afresh, the image waits again (its engine record still says it was read: see above).
    await v.goto(app.host.url);
    await v.open(dcm);
    await v.waitForImage(dcm);
    await page.getByTestId('ai-awaiting-read').waitFor({ timeout: 60_000 });
    await page.getByTestId('read-first').uncheck();
    assert.equal(await page.getByTestId('ai-awaiting-read').count(), 0, 'read first off: nothing waits');
  });

  test('read with the answer on screen: said so, with agreement against the shown label', async (t) => {
    const file = sharedFile(JPEG);
    if (!file) return t.skip(missingData(JPEG));
    const page = app.page;
    const v = app.viewer;
    await v.open(file);
    await v.waitForImage(file);
    await page.getByTestId('read-first').waitFor();
    if (await page.getByTestId('read-first').isChecked()) await page.getByTestId('read-first').uncheck();
    await page.getByTestId('ai-warnings').or(page.getByTestId('ai-result')).first().waitFor({ timeout: 120_000 });
    if (await page.getByTestId('reveal-probability').count()) await page.getByTestId('reveal-probability').click();
    const positive = (await page.getByTestId('label').innerText()).includes('Pneumonia suspected');
    const held = (await page.getByTestId('ai-warnings').count()) > 0;
    await page.getByTestId('read-pneumonia').click();
    const status = page.getByTestId('read-status');
    await status.filter({ hasText: 'Recorded pneumonia' }).waitFor();
    const text = await status.innerText();
    assert.match(text, /with the model's answer on screen/);
    if (held) assert.doesNotMatch(text, /agrees|differs/, 'a held-back answer is not a finding to agree with');
    else assert.match(text, positive ? /agrees with the model$/ : /differs from the model$/);
    assert.equal((await engineRead(file))?.afterAi, true);

    // Another reader on the same login: their own (no) read of the image, their own record.
    await page.getByTestId('read-reader').fill('Smith^Jane');
    await page.getByTestId('read-reader').press('Enter');
    await page.getByTestId('read-reader').blur();
    await until(async () => (await page.getByTestId('read-status').innerText()).trim() === '', 10_000, "Smith^Jane has no read of this image").catch(async (e: Error) => {
      throw new Error(`${e.message}: status '${await page.getByTestId('read-status').innerText()}', name '${await page.getByTestId('read-reader').inputValue()}'`);
    });
    await page.getByTestId('read-no-pneumonia').click();
    await page.getByTestId('read-status').filter({ hasText: 'by Smith^Jane' }).waitFor();
    const { studyId } = await app.engine.openStudy(file);
    try {
      assert.equal((await app.engine.getRead(studyId, 'Smith^Jane'))?.finding, 'no-pneumonia');
      assert.equal((await app.engine.getRead(studyId))?.finding, 'pneumonia', "the first reader's read stands");
    } finally {
      await app.engine.closeStudy(studyId);
    }
    await page.getByTestId('read-reader').fill('');
    await page.getByTestId('read-reader').blur();
    await page.getByTestId('read-status').filter({ hasText: 'Recorded pneumonia' }).waitFor();
  });

  test('read first in the worklist: rows not read show no answer, in cells, sums or order; a read row shows it and the finding', async () => {
    const page = app.page;
    const folder = join(app.scratch, 'blind');
    await mkdir(folder);
    for (const i of [1, 2, 3]) {
      await writeDicom(join(folder, `b${i}.dcm`), {
        rows: 128,
        columns: 128,
        pixels: chestPhantom(128, 128, 40 * i, 3000),
        bitsStored: 12,
        attributes: { PatientID: `E2E-BLIND-${i}`, PatientAge: '003Y', StudyInstanceUID: `1.2.826.0.1.3680043.2.1125.98.${i}`, SeriesInstanceUID: `1.2.826.0.1.3680043.2.1125.98.${i}.1`, SOPInstanceUID: `1.2.826.0.1.3680043.2.1125.98.${i}.1.1`, Modality: 'CR', ViewPosition: 'PA' },
      });
    }
    // Read first is the AI panel's choice, remembered: on.
    await app.viewer.open(join(folder, 'b1.dcm'));
    await page.getByTestId('read-first').waitFor();
    if (!(await page.getByTestId('read-first').isChecked())) await page.getByTestId('read-first').check();
    const wl = new WorklistPage(page, '');
    await wl.show();
    await wl.start(folder, false);
    assert.equal(await wl.waitForEnd(), 'done');
    await wl.waitForRows(3);
    await until(async () => (await wl.rows()).every((r) => r.label === 'HIDDEN' && r.probability === null), 10_000, 'every row hidden');
    assert.match(await wl.announced('run'), /3 hidden until your read/);
    assert.doesNotMatch(await wl.announced('run'), /pneumonia suspected|normal/);
    // The CSV would hold the hidden answers: no export while rows are hidden.
    assert.ok(await page.getByTestId('worklist-export').isDisabled());
    assert.match((await page.getByTestId('worklist-export').getAttribute('title')) ?? '', /Read first is on: 3 row\(s\) not yet read/);

    // Read one from its row: back in the worklist it shows its answer and the finding.
    await page.locator('[data-testid="worklist-row"][data-file$="b2.dcm"]').click();
    await app.viewer.waitForImage(join(folder, 'b2.dcm'));
    await page.getByTestId('read-indeterminate').click();
    await page.getByTestId('read-status').filter({ hasText: 'Recorded indeterminate' }).waitFor();
    await wl.show();
    const b2 = page.locator('[data-testid="worklist-row"][data-file$="b2.dcm"]');
    await until(async () => (await b2.getAttribute('data-label')) !== 'HIDDEN', 10_000, 'the read row shows its answer');
    assert.equal(await b2.getByTestId('row-read').innerText(), 'you: Indeterminate');
    assert.equal((await wl.rows()).filter((r) => r.label === 'HIDDEN').length, 2, 'the others stay hidden');

    // The folder as a study set: its strip's summary (the highest score, the ★) waits for the reads of the study's images.
    await app.viewer.open(folder);
    await page.getByTestId('thumbnail-strip').waitFor({ timeout: 60_000 });
    await until(async () => /hidden until you have read its images/.test(await page.getByTestId('study-summary').innerText()), 10_000, 'the study summary hidden');
    assert.equal(await page.locator('[data-testid="strip-thumbnail"] .best').count(), 0);

    // Read first off: every answer shown.
    await app.viewer.open(join(folder, 'b1.dcm'));
    await page.getByTestId('read-first').uncheck();
    await wl.show();
    await until(async () => (await wl.rows()).every((r) => r.label !== 'HIDDEN'), 10_000, 'nothing hidden');
  });
});
