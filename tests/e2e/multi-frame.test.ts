// Paging a multi-frame DICOM in Debian Chromium against the web host and the real engine: the frame
// bar and the , and . keys show each frame (the canvas matches the engine's own rendering of that
// frame), the AI reads the frame on screen, the window and zoom stay while paging, measurements
// belong to their frame, and nothing pages past either end.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { displayPixels } from '../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../src-main/engine/studies/load-study';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { pearson } from './support/pearson';
import { until } from './support/until';

const ROWS = 300;
const COLS = 400;

/** Three different pictures over the same value range: the chest phantom, horizontal bands, a diagonal ramp. */
function frames(): number[] {
  const a = chestPhantom(ROWS, COLS, 300, 3800);
  const bands = a.map((_, i) => (Math.floor(Math.floor(i / COLS) / 30) % 2 ? 3800 : 300));
  const ramp = a.map((_, i) => Math.round(300 + (3500 * ((i % COLS) / COLS + Math.floor(i / COLS) / ROWS)) / 2));
  return [...a, ...bands, ...ramp];
}

describe('multi-frame paging', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  test('the frame bar and , . page through the frames; each is drawn and read as the engine has it', async () => {
    const file = join(app.scratch, 'three-frames.dcm');
    await writeDicom(file, { rows: ROWS, columns: COLS, bitsStored: 12, frames: 3, pixels: frames(), attributes: { Modality: 'DX', PatientAge: '004Y', ViewPosition: 'PA', BodyPartExamined: 'CHEST', WindowCenter: '2050', WindowWidth: '3500' } });
    const v = app.viewer;
    const bar = app.page.getByTestId('frame-bar');
    const frameNow = async () => Number(await bar.getAttribute('data-frame'));
    const points: [number, number][] = [];
    for (let gy = 1; gy < 20; gy++) for (let gx = 1; gx < 20; gx++) points.push([Math.floor((gx * COLS) / 20), Math.floor((gy * ROWS) / 20)]);
    const onScreen = async () => v.sampleAtImagePoints(COLS, ROWS, points);
    const engineFrame = async (k: number) => {
      const g = displayPixels(await loadStudy(file, { frame: k }));
      return points.map(([x, y]) => g[y * COLS + x]);
    };
    const press = async (key: string, frame: number) => {
      await app.page.keyboard.press(key);
      await app.page.locator(`[data-testid="frame-bar"][data-frame="${frame}"]`).waitFor({ timeout: 30_000 });
      await v.waitForLitCanvas();
      await v.settle();
    };

    await v.open(file);
    await v.waitForImage(file);
    await v.settle();
    assert.equal(await app.page.getByTestId('frame-text').innerText(), 'Frame 1 / 3');
    assert.equal(await app.page.getByTestId('frame-prev').isDisabled(), true, 'no frame before the first');
    const first = await onScreen();
    assert.ok(pearson(first, await engineFrame(0)) > 0.98, 'frame 1 as the engine draws it');

    await press('.', 2);
    const second = await onScreen();
    const r2 = pearson(second, await engineFrame(1));
    assert.ok(r2 > 0.98, `frame 2 as the engine draws it: r = ${r2.toFixed(3)}`);
    assert.ok(pearson(second, first) < 0.9, 'a different picture from frame 1');
    assert.match(await app.page.getByTestId('study-panel').innerText(), /frame 2 shown and read/);
    // The AI reads the frame on screen: the same number as the engine gives for frame 2.
    const opened = await app.engine.openStudy(file, { frame: 1 });
    const expected = await app.engine.predict(opened.studyId).finally(() => app.engine.closeStudy(opened.studyId));
    await v.revealAnswer();
    let shown = NaN;
    await until(async () => Math.abs((shown = await v.probability()) - expected.probability) < 0.0006, 60_000, `the panel to show frame 2's probability ${expected.probability} (shows ${shown})`);

    // Zoom and window stay while paging; the last frame has no next.
    await app.page.keyboard.press('+');
    await v.settle();
    const readout = await app.page.getByTestId('window-readout').innerText();
    assert.match(readout, /Zoom (?!100%)\d+%/);
    await app.page.getByTestId('frame-next').click();
    await app.page.locator('[data-testid="frame-bar"][data-frame="3"]').waitFor({ timeout: 30_000 });
    await v.settle();
    assert.equal(await app.page.getByTestId('window-readout').innerText(), readout, 'same window and zoom on frame 3');
    assert.equal(await app.page.getByTestId('frame-next').isDisabled(), true, 'no frame after the last');
    await app.page.keyboard.press('.');
    await v.settle();
    assert.equal(await frameNow(), 3, '. on the last frame stays there');
    await v.screenshot('multi-frame-3-of-3');

    await app.page.keyboard.press(',');
    await app.page.locator('[data-testid="frame-bar"][data-frame="2"]').waitFor({ timeout: 30_000 });
    await app.page.keyboard.press(',');
    await app.page.locator('[data-testid="frame-bar"][data-frame="1"]').waitFor({ timeout: 30_000 });
    assert.equal(await frameNow(), 1);
  });

  test('steps pressed while a frame loads are kept: two quick presses reach the frame two on (review 34 F8)', async () => {
    const file = join(app.scratch, 'quick-steps.dcm');
    await writeDicom(file, { rows: ROWS, columns: COLS, bitsStored: 12, frames: 3, pixels: frames(), attributes: { Modality: 'DX', WindowCenter: '2050', WindowWidth: '3500' } });
    const v = app.viewer;
    const onFrame = (k: number) => app.page.locator(`[data-testid="frame-bar"][data-frame="${k}"]`);
    await v.open(file);
    await v.waitForImage(file);
    await v.viewport.focus();
    // Back to back: the second comes while frame 2 is still being opened (about 80 ms).
    await app.page.keyboard.press('.');
    await app.page.keyboard.press('.');
    await onFrame(3).waitFor({ timeout: 10_000 });
    await v.waitForDrawn(file);
    // The frame bar's buttons take quick clicks too (they no longer wait, disabled, for the load).
    const prev = app.page.getByTestId('frame-prev');
    await prev.click();
    await prev.click({ force: true });
    await onFrame(1).waitFor({ timeout: 10_000 });
    await v.settle();
    assert.equal(await app.page.getByTestId('frame-text').innerText(), 'Frame 1 / 3');
  });

  test("an invert carries over relative to each frame's own polarity, and the labels say what is shown (review 34 F1)", async () => {
    // Frame 2 holds the picture's negative: the engine shows it the other way round (polarity corrected).
    const picture = chestPhantom(ROWS, COLS, 300, 3800);
    const file = join(app.scratch, 'mixed-polarity.dcm');
    await writeDicom(file, {
      rows: ROWS,
      columns: COLS,
      bitsStored: 12,
      frames: 2,
      pixels: [...picture, ...picture.map((x) => 4100 - x)],
      attributes: { Modality: 'DX', ViewPosition: 'PA', BodyPartExamined: 'CHEST', WindowCenter: '2050', WindowWidth: '3500' },
    });
    assert.deepEqual([(await loadStudy(file, { frame: 0 })).invert, (await loadStudy(file, { frame: 1 })).invert], [false, true], "the engine's per-frame polarity");
    const v = app.viewer;
    const corners = app.page.getByTestId('pane-main');
    const invertPressed = async () => (await app.page.getByTestId('invert').getAttribute('aria-pressed')) === 'true';
    // Lung field and spine, as drawn: a positive chest film has a bright spine over dark lungs.
    const lungSpine = async () => {
      const [lung, spine] = await v.sampleAtImagePoints(COLS, ROWS, [[Math.floor(COLS * 0.27), Math.floor(ROWS * 0.45)], [Math.floor(COLS / 2), Math.floor(ROWS * 0.45)]]);
      return { lung, spine };
    };
    const page = async (key: string, frame: number) => {
      await app.page.keyboard.press(key);
      await app.page.locator(`[data-testid="frame-bar"][data-frame="${frame}"]`).waitFor({ timeout: 30_000 });
      await v.waitForDrawn(file);
    };
    await v.open(file);
    await v.waitForImage(file);
    await v.viewport.focus();
    let s = await lungSpine();
    assert.ok(s.spine > s.lung + 80, `frame 1 positive: ${JSON.stringify(s)}`);

    await page('.', 2);
    s = await lungSpine();
    assert.ok(s.spine > s.lung + 80, `frame 2 shown the right way round, as its label says: ${JSON.stringify(s)}`);
    assert.match(await corners.innerText(), /polarity corrected/);
    assert.doesNotMatch(await v.windowReadout(), /inverted/, 'not called inverted: the reader never pressed I');
    assert.equal(await invertPressed(), false);

    // The reader inverts frame 2; frame 1 then shows inverted too, against its own polarity.
    await app.page.keyboard.press('i');
    await v.settle();
    s = await lungSpine();
    assert.ok(s.lung > s.spine + 80, `frame 2 inverted by the reader: ${JSON.stringify(s)}`);
    await page(',', 1);
    s = await lungSpine();
    assert.ok(s.lung > s.spine + 80, `frame 1 inverted too: ${JSON.stringify(s)}`);
    assert.match(await v.windowReadout(), /inverted/);
    assert.equal(await invertPressed(), true);

    // Reset on frame 1, then back to frame 2: both as their own defaults.
    await app.page.keyboard.press('Space');
    await v.settle();
    await page('.', 2);
    s = await lungSpine();
    assert.ok(s.spine > s.lung + 80, `frame 2 after a reset on frame 1: ${JSON.stringify(s)}`);
    assert.doesNotMatch(await v.windowReadout(), /inverted/);
    assert.equal(await invertPressed(), false);
  });
});
