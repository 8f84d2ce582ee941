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
});
