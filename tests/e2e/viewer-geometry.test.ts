// Pixel geometry in Debian Chromium against the web host and the real engine, read from the canvas:
// a Pixel Aspect Ratio other than 1\1 draws the pixels in their shape (and lengths and angles are
// measured as drawn, in pixels, not mm); a non-square Pixel Spacing or aspect stays fitted through
// quarter turns and flips (cornerstone's own fit showed it at half size turned); a digitised film's
// Nominal Scanned Pixel Spacing measures in mm, said to be on the film.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeDicom, type DicomSpec } from '../fixtures/write-dicom';
import { drawnImageBox, type DrawnImageBox } from './pages/drawn-image-box';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

declare const document: { querySelectorAll(s: string): ArrayLike<unknown> };

const ROWS = 100;
const COLUMNS = 300;
const ASPECT = 0x00280034;
const NOMINAL_SCANNED = 0x00182010;
const CONVERSION_TYPE = 0x00080064;
const SC_IMAGE = '1.2.840.10008.5.1.4.1.1.7';

/** Mid greys everywhere (85..170 through the window, either polarity): the whole image stands out from the black canvas. */
function greyRamp(rows: number, columns: number): number[] {
  return Array.from({ length: rows * columns }, (_, i) => 2000 + Math.round((1000 * ((i % columns) / columns + Math.floor(i / columns) / rows)) / 2));
}

describe('viewer geometry', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let n = 0;
  const dicom = (spec: Partial<DicomSpec>) =>
    writeDicom(join(app.scratch, `geometry-${++n}.dcm`), { rows: ROWS, columns: COLUMNS, bitsStored: 12, pixels: greyRamp(ROWS, COLUMNS), window: { center: 2500, width: 3000 }, ...spec });

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  const show = (file: string): Promise<void> => app.viewer.show(file);
  async function key(k: string): Promise<void> {
    await app.page.keyboard.press(k);
    await app.viewer.settle();
  }

  /** The image drawn `across` x `down` physical units, fitted and centred: the box its pixels must fill (1 px of rounding). */
  function assertFitted(box: DrawnImageBox, across: number, down: number, what: string): void {
    const scale = Math.min(box.canvasWidth / across, box.canvasHeight / down);
    const want = { width: across * scale, height: down * scale };
    const at = `${what}: drawn ${box.width} x ${box.height} at (${box.left}, ${box.top}), want ${want.width.toFixed(1)} x ${want.height.toFixed(1)} centred on ${box.canvasWidth} x ${box.canvasHeight}`;
    assert.ok(Math.abs(box.width - want.width) <= 2 && Math.abs(box.height - want.height) <= 2, at);
    assert.ok(Math.abs(box.left + box.width / 2 - box.canvasWidth / 2) <= 2 && Math.abs(box.top + box.height / 2 - box.canvasHeight / 2) <= 2, `centred: ${at}`);
  }

  test('non-square pixels (Pixel Aspect Ratio, Pixel Spacing) are drawn in their shape and stay fitted through turns and flips; square ones too', async () => {
    const cases: { what: string; spec: Partial<DicomSpec>; width: number; height: number }[] = [
      // 300 columns by 100 rows twice as far apart: 300 x 200 column widths.
      { what: 'Pixel Aspect Ratio 2\\1', spec: { elements: [[ASPECT, 'IS', '2\\1']] }, width: 300, height: 200 },
      { what: 'Pixel Spacing 0.2\\0.1', spec: { attributes: { PixelSpacing: '0.2\\0.1' } }, width: 30, height: 20 },
      { what: 'square pixels', spec: {}, width: 300, height: 100 },
    ];
    for (const { what, spec, width, height } of cases) {
      await show(await dicom(spec));
      assertFitted(await drawnImageBox(app.page), width, height, `${what}, upright`);
      await key('r');
      assertFitted(await drawnImageBox(app.page), height, width, `${what}, turned right`);
      await key('h');
      assertFitted(await drawnImageBox(app.page), height, width, `${what}, turned and flipped`);
      await key('r');
      assertFitted(await drawnImageBox(app.page), width, height, `${what}, half turned and flipped`);
      await key('v');
      await key('l');
      assertFitted(await drawnImageBox(app.page), height, width, `${what}, flipped top-bottom and turned left`);
      await key('f');
      assertFitted(await drawnImageBox(app.page), height, width, `${what}, fitted by F`);
      await key('Space');
      assertFitted(await drawnImageBox(app.page), width, height, `${what}, reset`);
    }
  });

  test('turned non-square pixels: Alt+arrows pan by a tenth of the view, the wheel zooms about the pixel under the cursor', async () => {
    const v = app.viewer;
    await show(await dicom({ elements: [[ASPECT, 'IS', '2\\1']] }));
    await key('r'); // the pixels' long side now runs across the screen
    const fitted = await drawnImageBox(app.page);
    await key('Alt+ArrowRight');
    const panned = await drawnImageBox(app.page);
    const tenth = 0.1 * fitted.canvasWidth;
    assert.ok(Math.abs(panned.left - fitted.left - tenth) <= 2 && panned.width === fitted.width, `moved ${panned.left - fitted.left} px of ${fitted.canvasWidth}, want ${tenth}`);
    await key('f');
    const box = await v.viewport.boundingBox();
    if (!box) throw new Error('viewport not visible');
    const at = { x: box.x + box.width / 2 + 140, y: box.y + box.height / 2 + 90 };
    const readout = async () => /x (\d+) · y (\d+)/.exec(await app.page.getByTestId('pixel-readout').innerText())?.slice(1).map(Number) ?? [];
    await app.page.mouse.move(at.x, at.y);
    const before = await readout();
    for (let i = 0; i < 4; i++) await app.page.mouse.wheel(0, -120);
    await v.settle();
    await app.page.mouse.move(at.x + 1, at.y);
    await app.page.mouse.move(at.x, at.y);
    const after = await readout();
    assert.ok(Math.abs(after[0] - before[0]) <= 1 && Math.abs(after[1] - before[1]) <= 1, `pixel under the cursor: (${before.join(', ')}) before the zoom, (${after.join(', ')}) after`);
    // A Shift+drag pans the image with the pointer along both axes (it moved twice as far along the stretched one).
    await key('f');
    const size = await v.canvasSize();
    const k = size.width / size.cssWidth;
    const start = await drawnImageBox(app.page);
    const c = { x: size.cssWidth / 2, y: size.cssHeight / 2 };
    await app.page.keyboard.down('Shift');
    await v.dragBetween(c, { x: c.x + 60, y: c.y + 40 });
    await app.page.keyboard.up('Shift');
    await v.settle();
    const dragged = await drawnImageBox(app.page);
    const moved = { x: dragged.left - start.left, y: dragged.top - start.top };
    assert.ok(Math.abs(moved.x - 60 * k) <= 2 && Math.abs(moved.y - 40 * k) <= 2, `dragged 60 x 40 CSS px (${60 * k} x ${40 * k} canvas px), image moved ${moved.x} x ${moved.y}`);
    await key('Space');
  });

  test('on a Pixel Aspect Ratio 2\\1 image a length is in pixels (column widths) whichever way it runs, an angle is as drawn, and nothing says mm', async () => {
    const v = app.viewer;
    await show(await dicom({ elements: [[ASPECT, 'IS', '2\\1']] }));
    const size = await v.canvasSize();
    // Column widths per CSS pixel: the image is 300 x 200 of them, fitted.
    const perCss = 1 / Math.min(size.cssWidth / 300, size.cssHeight / 200);
    const c = { x: size.cssWidth / 2, y: size.cssHeight / 2 };
    await key('m');
    await v.recordCanvasText();
    await v.dragBetween({ x: c.x - 150, y: c.y - 60 }, { x: c.x + 150, y: c.y - 60 });
    await v.dragBetween({ x: c.x - 200, y: c.y - 150 }, { x: c.x - 200, y: c.y + 150 });
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="pane-main"] [data-testid="measurement"]').length === 2);
    await v.settle();
    const texts = await v.measurements().allInnerTexts();
    for (const [i, text] of texts.entries()) {
      const px = Number(/^([\d.]+) pixels$/.exec(text)?.[1]);
      assert.ok(Math.abs(px - 300 * perCss) / (300 * perCss) < 0.01, `${i ? 'down' : 'across'}: ${text} vs ${(300 * perCss).toFixed(1)} column widths`);
    }
    const labels = await v.drawnText();
    for (const text of texts) assert.ok(labels.includes(text), `the label on the image reads as the list: ${JSON.stringify(labels.slice(-6))} vs ${text}`);
    assert.ok(!labels.some((l) => /mm/.test(l)), `no mm on the image: ${JSON.stringify(labels)}`);
    const note = await app.page.getByTestId('calibration').innerText();
    assert.match(note, /pixels \(column widths\), Pixel Aspect Ratio 2:1/);
    assert.doesNotMatch(note, /\d mm/);
    assert.match((await app.page.getByTestId('measurement').first().getAttribute('title')) ?? '', /Pixel Aspect Ratio 2:1/);
    // A right angle on screen: its arms run diagonally across rows and columns.
    await key('a');
    await v.dragBetween({ x: c.x + 60, y: c.y + 20 }, { x: c.x + 160, y: c.y + 120 });
    await v.settle();
    await v.clickAt({ x: c.x + 260, y: c.y + 20 });
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="pane-main"] [data-testid="measurement"]').length === 3);
    assert.match(await v.measurements().nth(2).innerText(), /^90(\.0+)?°$/);
    await v.screenshot('viewer-aspect-ratio-measured');
    for (let i = 0; i < 3; i++) await key('Delete');
    await key('w');
  });

  test('a digitised film\'s Nominal Scanned Pixel Spacing measures in mm, said to be on the scanned film', async () => {
    const v = app.viewer;
    const spacing = 0.25;
    await show(await dicom({ sopClassUid: SC_IMAGE, elements: [[CONVERSION_TYPE, 'CS', 'DF'], [NOMINAL_SCANNED, 'DS', `${spacing}\\${spacing}`]] }));
    const size = await v.canvasSize();
    const fit = Math.min(size.cssWidth / COLUMNS, size.cssHeight / ROWS);
    const c = { x: size.cssWidth / 2, y: size.cssHeight / 2 };
    const from = { x: c.x - 150, y: c.y - 20 };
    const to = { x: c.x + 150, y: c.y + 20 };
    const expectedMm = (Math.hypot(to.x - from.x, to.y - from.y) / fit) * spacing;
    await key('m');
    await v.recordCanvasText();
    await v.dragBetween(from, to);
    await v.measurements().first().waitFor();
    await v.settle();
    const text = await v.measurements().first().innerText();
    const mm = Number(/^([\d.]+) mm$/.exec(text)?.[1]);
    assert.ok(Math.abs(mm - expectedMm) / expectedMm < 0.01, `ruler ${text} vs ${expectedMm.toFixed(1)} mm`);
    assert.ok((await v.drawnText()).includes(text), 'the label on the image reads as the list');
    assert.match(await app.page.getByTestId('calibration').innerText(), /Nominal Scanned Pixel Spacing \(0\.25 × 0\.25 mm\): measured on the scanned film, not at the patient/);
    assert.match((await app.page.getByTestId('measurement').first().getAttribute('title')) ?? '', /on the scanned film/);
    await key('Delete');
    await key('w');
  });
});
