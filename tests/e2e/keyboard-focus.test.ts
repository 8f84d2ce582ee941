// Keyboard-only use in Chromium against the web host: a study opened from the path box (Ctrl+O,
// type, Enter) hands the keyboard to the viewer, so the next shortcut acts on the image and does
// not type into the box; a failed open keeps the box focused for a correction; Esc leaves a text
// box; the help lists the worklist's keys, and those keys move the worklist's selection. Review 24:
// the image's focus ring is drawn above its canvas; single-key shortcuts act only in the viewer (not
// with focus on the page), can be limited to the image or turned off, and say what they changed;
// forced colours (Windows high contrast) still show which tool and tab are chosen.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { until } from './support/until';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

// Browser globals used inside page functions (no DOM library in the Node test config).
interface PageElement {
  getAttribute(name: string): string | null;
  blur(): void;
}
declare const document: { activeElement: PageElement | null; querySelector(s: string): PageElement | null };
declare function getComputedStyle(el: PageElement, pseudo?: string): Record<string, string>;

describe('keyboard focus', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  const focused = () => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  const pathBox = () => app.page.getByTestId('open-path');

  test('opened from the path box with Enter: the next key rotates the image and is not typed into the box', async () => {
    const file = await writeDicom(join(app.scratch, 'keys.dcm'), { rows: 200, columns: 160, bitsStored: 12, pixels: chestPhantom(200, 160, 300, 3800), attributes: { PatientOrientation: 'L\\F' } });
    await app.page.keyboard.press('Control+o');
    assert.equal(await focused(), 'open-path', 'Ctrl+O puts the cursor in the path box');
    await app.page.keyboard.type(file);
    const before = Number(await app.page.locator('form[data-opens-finished]').getAttribute('data-opens-finished'));
    await app.page.keyboard.press('Enter');
    await app.viewer.waitForImage(file);
    // The submit handler moves focus after the open: wait for it to have finished.
    await app.page.locator(`form[data-opens-finished="${before + 1}"]`).waitFor();
    assert.equal(await focused(), 'viewport', 'the box let go of the keyboard: the image has it');
    await app.page.keyboard.press('r');
    await app.page.getByTestId('pane-main').getByTestId('orientation-readout').waitFor();
    assert.match(await app.page.getByTestId('pane-main').getByTestId('orientation-readout').innerText(), /90°/);
    assert.equal(await pathBox().inputValue(), file, 'no letter typed into the path');
    // The image is a Tab stop: back into the box, then Tab through the toolbars reaches it.
    await pathBox().focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await app.page.keyboard.press('Tab');
      reached = (await focused()) === 'viewport';
    }
    assert.ok(reached, 'Tab from the path box reaches the image');
    // Its ring is drawn on the pane, above the canvas (an inset shadow on the viewport was painted over).
    const ring = await app.page.evaluate(() => {
      const s = getComputedStyle(document.querySelector('[data-testid="pane-main"]')!, '::after');
      return { outline: s.outlineStyle, width: s.outlineWidth, z: s.zIndex, events: s.pointerEvents };
    });
    assert.deepEqual(ring, { outline: 'solid', width: '2px', z: '5', events: 'none' }, 'a focus ring over the image');
    assert.match((await app.page.getByTestId('viewport').getAttribute('aria-label')) ?? '', /^Image keys\.dcm: press \? for the keys$/);
  });

  test('a click on the study panel\'s text keeps the keyboard in the viewer: the next key still acts on the image', async () => {
    const readout = app.page.getByTestId('pane-main').getByTestId('orientation-readout');
    const before = (await readout.count()) ? await readout.innerText() : '';
    await app.page.getByTestId('study-side').locator('h2, h3, dt').first().click();
    assert.notEqual(await app.page.evaluate(() => document.activeElement === (globalThis as unknown as { document: { body: unknown } }).document.body), true, 'not on the page itself');
    await app.page.keyboard.press('r');
    await until(async () => (await readout.count()) > 0 && (await readout.innerText()) !== before, 5000, 'the image rotated');
    await app.page.keyboard.press('l'); // back as it was
  });

  test('a path that does not open keeps the cursor in the box; Esc leaves the box for the image on screen', async () => {
    await app.page.keyboard.press('Control+o');
    await pathBox().fill(join(app.scratch, 'no-such-file.dcm'));
    await app.page.keyboard.press('Enter');
    await app.viewer.openError().waitFor();
    assert.equal(await focused(), 'open-path', 'still in the box, to correct the path');
    await app.page.keyboard.press('Escape');
    // The study opened before is still on screen: the image has the keyboard, so its keys work at once.
    assert.equal(await focused(), 'viewport');
  });

  test('the help lists Esc for a text box and the worklist keys', async () => {
    await app.page.keyboard.press('?');
    const help = await app.page.getByTestId('help-overlay').innerText();
    assert.match(help, /text box/);
    const worklistHelp = await app.page.getByTestId('help-worklist').innerText();
    for (const key of ['↑', '↓', 'Home', 'End', 'PgUp', 'PgDn', 'Enter']) assert.ok(worklistHelp.includes(key), `worklist help lists ${key}`);
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('help-overlay').waitFor({ state: 'detached' });
  });

  test('single-key shortcuts act in the viewer, not with focus on the page; the help limits them to the image or turns them off; each change is said', async () => {
    const page = app.page;
    const file = await writeDicom(join(app.scratch, 'scope.dcm'), { rows: 200, columns: 160, bitsStored: 12, pixels: chestPhantom(200, 160, 300, 3800) });
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    const pressed = (id: string) => page.getByTestId(id).getAttribute('aria-pressed');
    const said = () => page.getByTestId('viewer-announcement').textContent().then((t) => (t ?? '').trim());
    assert.equal(await page.getByTestId('viewer-announcement').getAttribute('role'), 'status');
    await app.viewer.viewport.focus();
    await page.keyboard.press('m');
    assert.equal(await pressed('tool-length'), 'true', 'M on the image chooses the ruler');
    assert.equal(await said(), 'Ruler tool');
    await page.keyboard.press('r');
    assert.equal(await said(), 'Rotated 90° right (now 90°)');
    await page.keyboard.press('l');
    assert.equal(await said(), 'Rotated 90° left (upright)');
    await page.keyboard.press('w');
    // A path typed with the focus on the page itself (the review's stray "/tmp/…"): nothing toggles.
    await page.evaluate(() => document.activeElement?.blur());
    assert.equal(await focused(), null, 'focus on <body>');
    await page.keyboard.type('/tmp/mcs/o');
    assert.equal(await pressed('tool-length'), 'false', 'no ruler from a letter typed on the page');
    assert.equal(await pressed('compare-toggle'), 'false', 'no comparison either');
    assert.equal(await page.getByTestId('viewport-compare').count(), 0);

    // "Only the image": a focused panel toggle no longer passes letters to the viewer; the image does.
    await page.getByTestId('help-button').click();
    const scope = page.getByTestId('key-scope');
    assert.equal(await scope.getByTestId('key-scope-viewer').isChecked(), true, 'in the viewer by default');
    await scope.getByTestId('key-scope-image').check();
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    await page.getByTestId('toggle-study-panel').focus();
    await page.keyboard.press('m');
    assert.equal(await pressed('tool-length'), 'false', 'not from the panel toggle');
    await app.viewer.viewport.focus();
    await page.keyboard.press('m');
    assert.equal(await pressed('tool-length'), 'true', 'from the image');
    await page.getByTestId('tool-window').focus();
    await page.keyboard.press('p');
    assert.equal(await pressed('tool-pan'), 'true', "from the image's toolbar too");
    // Off: not even on the image (the toolbar still works); kept across a reload.
    await page.getByTestId('help-button').click();
    await scope.getByTestId('key-scope-off').check();
    await page.keyboard.press('Escape');
    await page.reload();
    await page.getByTestId('study-panel').waitFor();
    await page.getByTestId('help-button').click();
    assert.equal(await scope.getByTestId('key-scope-off').isChecked(), true, 'the choice is kept');
    await scope.getByTestId('key-scope-off').focus();
    await page.keyboard.press('Escape');
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    await app.viewer.viewport.focus();
    const tool = await page.locator('[data-testid^="tool-"][aria-pressed="true"]').getAttribute('data-testid');
    await page.keyboard.press(tool === 'tool-length' ? 'w' : 'm');
    assert.equal(await page.locator('[data-testid^="tool-"][aria-pressed="true"]').getAttribute('data-testid'), tool, 'off: no letter acts');
    await page.keyboard.press('?');
    assert.equal(await page.getByTestId('help-overlay').count(), 0, 'off: ? too (the ? button opens the help)');
    await page.getByTestId('help-button').click();
    await scope.getByTestId('key-scope-viewer').check();
    await page.keyboard.press('Escape');
    await app.viewer.viewport.focus();
    await page.keyboard.press('w');
    assert.equal(await pressed('tool-window'), 'true', 'back on');
  });

  test('forced colours (high contrast): the chosen tool and the selected tab stand out in the system colours', async () => {
    const page = app.page;
    const background = (sel: string) => page.evaluate((s) => getComputedStyle(document.querySelector(s)!).backgroundColor, sel);
    await page.emulateMedia({ forcedColors: 'active' });
    try {
      assert.equal(await page.getByTestId('tool-window').getAttribute('aria-pressed'), 'true');
      const on = await background('[data-testid="tool-window"]');
      const off = await background('[data-testid="tool-pan"]');
      assert.notEqual(on, off, `the pressed tool (${on}) looks like the others (${off})`);
      const tabOn = await background('[data-testid="tab-viewer"]');
      const tabOff = await background('[data-testid="tab-worklist"]');
      assert.notEqual(tabOn, tabOff, `the selected tab (${tabOn}) looks like the others (${tabOff})`);
      assert.equal(tabOn, on, 'both in the selection colour');
    } finally {
      await page.emulateMedia({ forcedColors: 'none' });
    }
  });

  test('End, Home, PageDown, PageUp and the arrows move the worklist selection', async () => {
    const folder = join(app.scratch, 'list');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 4; i++) await writeGrayPng(join(folder, `img-${i}.png`), 64, 64, [{ top: 8 * i, left: 8, height: 20, width: 20, value: 200 }], 30);
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    await list.start(folder);
    await list.waitForEnd();
    await list.waitForRows(4);
    const files = (await list.rows()).map((r) => r.file);
    const selected = () => app.page.$$eval('[data-testid="worklist-row"][aria-selected="true"]', (els) => els.map((el) => el.getAttribute('data-file')));
    await app.page.getByTestId('worklist-table').focus();
    const moves: [string, string][] = [['End', files[3]], ['Home', files[0]], ['PageDown', files[3]], ['PageUp', files[0]], ['ArrowDown', files[1]]];
    for (const [key, file] of moves) {
      await app.page.keyboard.press(key);
      assert.deepEqual(await selected(), [file], `${key} selects ${file}`);
    }
  });
});
