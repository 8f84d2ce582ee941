// A DICOM's overlay planes (60xx) in Debian Chromium against the web host and the real engine
// (review 42 F6): two graphics planes, one moved by its Overlay Origin, are drawn white over the
// image where their bits are set and nowhere else; the study panel says so; the toolbar's Overlays
// button hides them, remembered across a reload; G shows them again; they follow a flip as the image does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeDicom } from '../fixtures/write-dicom';
import { overlayElements } from '../fixtures/overlay-plane-elements';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

const ROWS = 300;
const COLS = 400;

/** A bar at image rows 100-149, columns 50-149, in a plane the size of the image. */
const BAR = overlayElements({ group: 0x6000, rows: ROWS, columns: COLS, origin: [1, 1], label: 'R MARKER', on: (r, c) => r >= 100 && r <= 149 && c >= 50 && c <= 149 });
/** A 40 x 60 plane at image row 200, column 300 (origin 201\301), set at its rows 10-29, columns 10-49: image rows 210-229, columns 310-349. */
const BLOCK = overlayElements({ group: 0x6002, rows: 40, columns: 60, origin: [201, 301], on: (r, c) => r >= 10 && r <= 29 && c >= 10 && c <= 49 });

const UNDER: [number, number][] = [[60, 110], [100, 125], [145, 145], [315, 213], [345, 226]];
/** Beside the planes: outside the bar, inside the second plane's rectangle but not its bits, the first plane's unset bits. */
const BESIDE: [number, number][] = [[200, 60], [305, 205], [355, 235], [40, 125], [100, 160], [250, 250]];
const mirrored = (points: [number, number][]): [number, number][] => points.map(([x, y]) => [COLS - 1 - x, y]);

describe('overlay planes', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  test('drawn white where their bits are set, hidden by the Overlays button (remembered) and shown by G, following a flip (review 42 F6)', async () => {
    const file = join(app.scratch, 'overlay-marker.dcm');
    // A flat mid grey, shown dark-ish: any white on it is the overlay.
    await writeDicom(file, { rows: ROWS, columns: COLS, bitsStored: 12, pixels: new Array<number>(ROWS * COLS).fill(1000), window: { center: 2000, width: 4000 }, attributes: { Modality: 'CR' }, elements: [...BAR, ...BLOCK] });
    const v = app.viewer;
    const toggle = app.page.getByTestId('overlay-planes-toggle');
    const show = async () => {
      await v.open(file);
      await v.waitForImage(file);
      await v.waitForDrawn(file);
    };
    const white = async (points: [number, number][]) => (await v.sampleAtImagePoints(COLS, ROWS, points)).map((g) => g >= 250);
    const all = (n: number, value: boolean) => new Array<boolean>(n).fill(value);

    await show();
    assert.deepEqual(await white(UNDER), all(UNDER.length, true), 'white under the overlay bits');
    assert.deepEqual(await white(BESIDE), all(BESIDE.length, false), 'the image beside them');
    const grey = await v.sampleAtImagePoints(COLS, ROWS, BESIDE);
    assert.ok(grey.every((g) => g > 20 && g < 150), `the image's grey beside the overlay: ${grey.join(', ')}`);
    assert.match(await app.page.getByTestId('study-panel').innerText(), /overlay planes: 2 \(graphics: 6000 "R MARKER", 6002\), shown over the image/);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await v.screenshot('overlay-planes');

    // The button hides them: the image alone is left where they were.
    await toggle.click();
    await app.page.locator('[data-testid="overlay-planes-toggle"][aria-pressed="false"]').waitFor();
    await v.settle();
    assert.deepEqual(await white(UNDER), all(UNDER.length, false), 'hidden: no white under the overlay');
    const hidden = await v.sampleAtImagePoints(COLS, ROWS, UNDER);
    assert.ok(hidden.every((g) => Math.abs(g - grey[0]) < 3), `hidden: the image's own grey there (${hidden.join(', ')} vs ${grey[0]})`);

    // Remembered across a reload.
    await app.page.reload();
    await app.page.getByTestId('study-panel').waitFor();
    await show();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'still hidden after a reload');
    assert.deepEqual(await white(UNDER), all(UNDER.length, false));

    // G shows them again; the help lists it.
    await v.viewport.focus();
    await app.page.keyboard.press('?');
    assert.match(await app.page.getByTestId('help-overlay').innerText(), /\bG\b\s+Show \/ hide the file's overlay planes/);
    await app.page.keyboard.press('Escape');
    await v.viewport.focus();
    await app.page.keyboard.press('g');
    await app.page.locator('[data-testid="overlay-planes-toggle"][aria-pressed="true"]').waitFor();
    await v.settle();
    assert.deepEqual(await white(UNDER), all(UNDER.length, true), 'G shows them again');

    // Flipped, they move with the image: white at the mirrored places, the image at the old ones.
    await app.page.keyboard.press('h');
    await v.settle();
    assert.deepEqual(await white(mirrored(UNDER)), all(UNDER.length, true), 'white at the mirrored places');
    assert.deepEqual(await white(UNDER), all(UNDER.length, false), 'not where they were before the flip');
    await app.page.keyboard.press('h');
    await v.settle();
  });
});
