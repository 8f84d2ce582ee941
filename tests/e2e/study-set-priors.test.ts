// A folder with a patient's current study and a prior, in Debian Chromium against the real engine:
// the viewer opens on the newest study (the engine lists the prior first), a line parts the two
// studies in the strip, the prior's thumbnail carries "prior" and its date, and the strip's header
// says "prior" while the prior is on screen. The prior gives only Imager Pixel Spacing and an
// Estimated Radiographic Magnification Factor: its ruler is corrected by the factor and says so.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeStudyImage } from '../engine/study-sets/study-set-files';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

// Browser globals used inside page functions (no DOM library in the Node test config).
declare const document: { querySelector(s: string): { textContent: string | null } | null };

const PRIOR = '1.2.826.0.1.3680043.9.34.1';
const NOW = '1.2.826.0.1.3680043.9.34.2';
const PATIENT = { PatientID: 'P34', PatientName: 'TEST^CHILD' };

describe('a study set with a prior', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let folder: string;
  let prior: string;
  let nowPa: string;
  let nowLat: string;
  before(async () => {
    app = await startApp();
    folder = join(app.scratch, 'patient');
    await mkdir(folder);
    prior = await writeStudyImage(
      join(folder, 'a-prior.dcm'),
      { study: PRIOR, series: `${PRIOR}.1`, view: 'PA', date: '20221201', description: 'CHEST PA' },
      { rows: 400, columns: 600, attributes: { ...PATIENT, ImagerPixelSpacing: '0.22\\0.22' }, elements: [[0x00181114, 'DS', '1.1']] },
    );
    nowPa = await writeStudyImage(join(folder, 'b-now-pa.dcm'), { study: NOW, series: `${NOW}.1`, seriesNumber: 1, view: 'PA', date: '20230601', description: 'CHEST 2 VIEWS' }, { attributes: PATIENT });
    nowLat = await writeStudyImage(join(folder, 'c-now-lat.dcm'), { study: NOW, series: `${NOW}.2`, seriesNumber: 2, view: 'LL', date: '20230601', description: 'CHEST 2 VIEWS' }, { attributes: PATIENT });
  });
  after(async () => {
    await app?.close();
  });

  const page = () => app.page;
  const position = () => page().getByTestId('strip-position').innerText();
  const at = (want: string) => page().waitForFunction((w) => document.querySelector('[data-testid="strip-position"]')?.textContent?.includes(w) ?? false, want, { timeout: 60_000 });

  test('opens on the newest study; the prior is parted off and carries "prior" and its date', async () => {
    await app.viewer.open(folder);
    await page().getByTestId('thumbnail-strip').waitFor({ timeout: 60_000 });
    const thumbs = page().getByTestId('strip-thumbnail');
    // The engine's order stays: the prior first.
    assert.deepEqual(await thumbs.evaluateAll((els) => els.map((e) => e.getAttribute('data-file'))), [prior, nowPa, nowLat]);
    await app.viewer.waitForImage(nowPa);
    await at('Image 2 of 3');
    assert.match(await position(), /^Image 2 of 3 · study 2 of 2 · 2023-06-01 CHEST 2 VIEWS/);
    assert.equal(await page().locator('[data-testid="strip-thumbnail"][aria-current="true"]').getAttribute('data-file'), nowPa);

    assert.equal(await page().getByTestId('strip-study-break').count(), 1, 'one line between the two studies');
    const priorThumb = thumbs.nth(0);
    assert.equal((await priorThumb.getByTestId('strip-study-date').innerText()).replace(/\s+/g, ' ').trim(), 'prior 2022-12-01');
    assert.match((await priorThumb.getAttribute('title')) ?? '', /Prior study, 2022-12-01/);
    assert.equal(await thumbs.nth(1).getByTestId('strip-study-date').count(), 0, "the newest study's images carry no date");
    assert.equal(await thumbs.nth(2).getByTestId('strip-study-date').count(), 0);
    await app.viewer.screenshot('study-set-prior-strip');

    await page().keyboard.press('ArrowLeft');
    await app.viewer.waitForImage(prior);
    await at('Image 1 of 3');
    assert.match(await position(), /^Image 1 of 3 · study 1 of 2 · prior · 2022-12-01 CHEST PA/);
  });

  test("the prior's ruler: Imager Pixel Spacing ÷ ERMF 1.1, said so", async () => {
    const v = app.viewer;
    await v.settle();
    await page().keyboard.press('m');
    const size = await v.canvasSize();
    const fit = Math.min(size.cssWidth / 600, size.cssHeight / 400);
    const from = { x: size.cssWidth / 2 - 150, y: size.cssHeight / 2 };
    const to = { x: size.cssWidth / 2 + 150, y: size.cssHeight / 2 };
    await v.dragBetween(from, to);
    await v.measurements().first().waitFor();
    const text = await v.measurements().first().innerText();
    const mm = Number(/^([\d.]+) mm$/.exec(text)?.[1]);
    const expected = (300 / fit) * (0.22 / 1.1);
    assert.ok(Math.abs(mm - expected) / expected < 0.01, `ruler ${text} vs ${expected.toFixed(1)} mm at the patient (${((300 / fit) * 0.22).toFixed(1)} mm at the detector)`);
    assert.equal(await page().getByTestId('calibration').innerText(), 'Lengths from Imager Pixel Spacing ÷ ERMF 1.1 (estimated magnification): 0.2 × 0.2 mm');
    assert.match((await page().getByTestId('calibration').getAttribute('title')) ?? '', /\(0\.22 × 0\.22 mm at the detector\): the file's estimate at the patient/);
    const caveat = await page().getByTestId('pane-main').getByTestId('measurement').first().getAttribute('title');
    assert.match(caveat ?? '', /corrected for magnification by the file's estimate/);
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
