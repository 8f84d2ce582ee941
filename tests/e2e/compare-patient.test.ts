// Side by side never puts another patient's film beside the image on screen as if it were a prior
// (radiologist review): a worklist of three patients, one with a prior. C shows the prior, labelled
// by its date and view; J to the next patient empties the pane (it says this patient has no other
// image) instead of keeping the first patient's film, and no other patient's recent file fills it;
// choosing the other patient's image on purpose shows it under a loud "Different patient" warning.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

declare const document: { querySelector(selector: string): { value: string } | null };

describe('compare pane and the patient', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let list: WorklistPage;
  const files: Record<'doeNow' | 'kim' | 'muller' | 'doePrior' | 'namesake', string> = { doeNow: '', kim: '', muller: '', doePrior: '', namesake: '' };
  before(async () => {
    app = await startApp();
    list = new WorklistPage(app.page, SCREENSHOTS);
    const folder = join(app.scratch, 'worklist');
    await mkdir(folder, { recursive: true });
    const write = async (name: string, uid: string, date: string, patient: [string, string], low: number) =>
      writeDicom(join(folder, name), {
        rows: 200,
        columns: 160,
        bitsStored: 12,
        pixels: chestPhantom(200, 160, low, 3800),
        attributes: { SpecificCharacterSet: 'ISO_IR 192', PatientName: patient[0], PatientID: patient[1], StudyDate: date, StudyInstanceUID: uid, SeriesInstanceUID: `${uid}.1`, SOPInstanceUID: `${uid}.1.1`, ViewPosition: 'PA', Modality: 'DX' },
      });
    // File names sort in the reading order the test wants: Doe today, Kim, Müller (Doe's prior last).
    files.doeNow = await write('a-doe-today.dcm', '1.2.276.0.7230010.1', '20261201', ['DOE^JANE', 'P-DOE'], 300);
    files.kim = await write('b-kim.dcm', '1.2.276.0.7230010.2', '20261201', ['KIM^SOO', 'P-KIM'], 500);
    files.muller = await write('c-muller.dcm', '1.2.276.0.7230010.3', '20261201', ['MÜLLER^JONAS', 'P-MUL'], 700);
    files.doePrior = await write('d-doe-prior.dcm', '1.2.276.0.7230010.4', '20261115', ['DOE^JANE', 'P-DOE'], 900);
    // Another DOE^JANE, her ID removed: more recent than the prior, but a name alone is no patient.
    files.namesake = await write('e-doe-namesake.dcm', '1.2.276.0.7230010.5', '20261125', ['DOE^JANE', ''], 1100);
    await list.show();
    await list.start(folder, false);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(5);
    await list.sortBy('file');
  });
  after(async () => {
    await app?.close();
  });

  const openRow = async (file: string) => {
    await list.show();
    await app.page.locator(`[data-testid="worklist-row"][data-file="${file}"]`).click();
    await app.viewer.waitForImage(file);
  };
  /** The file the comparison pane shows ('' for none), once it has settled. */
  const compareShows = async (file: string) => {
    await app.page.waitForFunction((f) => document.querySelector('[data-testid="compare-choice"]')?.value === f, file, { timeout: 60_000 }).catch(() => undefined);
    return app.page.getByTestId('compare-choice').inputValue();
  };
  const chosenText = () => app.page.getByTestId('compare-choice').locator('option:checked').innerText();

  test("C shows the patient's prior, labelled by date and view; J to the next patients never keeps her film", async () => {
    // The reviewer's route: the prior was read first, so it is also among the recent files.
    await openRow(files.doePrior);
    await openRow(files.doeNow);
    await app.page.keyboard.press('c');
    await app.page.getByTestId('viewport-compare').waitFor();
    assert.equal(await compareShows(files.doePrior), files.doePrior, 'the prior is beside today');
    assert.equal(await chosenText(), 'prior · 2026-11-15 · PA');
    assert.equal(await app.page.getByTestId('compare-patient-warning').count(), 0, 'no warning beside her own prior');

    for (const next of [files.kim, files.muller]) {
      await app.page.keyboard.press('j');
      await app.viewer.waitForImage(next);
      // Nothing of Doe's (nor any other patient's recent file) fills the pane by itself.
      const shown = await compareShows('');
      assert.equal(shown, '', `beside ${next} the pane shows ${shown}`);
      await app.page.getByTestId('compare-empty').waitFor();
      assert.match(await app.page.getByTestId('compare-empty').innerText(), /No other image of this patient/);
      assert.equal(await app.page.getByTestId('compare-patient-warning').count(), 0);
    }
    await app.viewer.screenshot('compare-next-patient-empty');
  });

  test("Doe's image chosen on purpose beside Müller shows a loud Different patient warning, and says it is not a prior", async () => {
    const choice = app.page.getByTestId('compare-choice');
    // Listed apart, under other patients, named as another patient's image.
    const label = await choice.locator(`optgroup[label^="Other patients"] option[value="${files.doePrior}"]`).innerText();
    assert.match(label, /^other patient · DOE, JANE \(P-DOE\) · 2026-11-15 · PA$/);
    await choice.selectOption(files.doePrior);
    const warning = app.page.getByTestId('compare-patient-warning');
    await warning.waitFor({ timeout: 60_000 });
    assert.equal(await warning.getAttribute('role'), 'alert');
    assert.match(await warning.innerText(), /Different patient: DOE, JANE \(P-DOE\)/);
    assert.match(await warning.innerText(), /not a prior/);
    assert.equal(await compareShows(files.doePrior), files.doePrior, 'the deliberate choice is shown');
    assert.match(await chosenText(), /^other patient · /);
    await app.viewer.screenshot('compare-different-patient');
    // The choice holds beside Müller only: K back to Kim empties the pane again.
    await app.page.getByTestId('viewport').focus();
    await app.page.keyboard.press('k');
    await app.viewer.waitForImage(files.kim);
    assert.equal(await compareShows(''), '', "Doe's image chosen beside Müller does not stay beside Kim");
    assert.equal(await warning.count(), 0);
  });

  test('a namesake without an ID never passes as her prior; chosen on purpose it is "Patient unknown", read as no prior', async () => {
    await openRow(files.namesake);
    await openRow(files.doeNow);
    // Her own prior fills the pane, not the more recent image of a DOE^JANE without an ID.
    assert.equal(await compareShows(files.doePrior), files.doePrior);
    const choice = app.page.getByTestId('compare-choice');
    assert.equal(await choice.locator(`optgroup[label="This patient"] option[value="${files.namesake}"]`).count(), 0, 'not listed as hers');
    await choice.selectOption(files.namesake);
    const warning = app.page.getByTestId('compare-patient-warning');
    await warning.waitFor({ timeout: 60_000 });
    const text = await warning.innerText();
    assert.match(text, /^Patient unknown: cannot tell whether this image is of the same patient — do not read it as a prior\.$/);
    assert.doesNotMatch(text, /not a prior of this patient/, 'an unknown patient is not called another one');
    assert.equal(await compareShows(files.namesake), files.namesake);
  });
});
