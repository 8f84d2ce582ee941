// Keyboard-only use in Chromium against the web host: a study opened from the path box (Ctrl+O,
// type, Enter) hands the keyboard to the viewer, so the next shortcut acts on the image and does
// not type into the box; a failed open keeps the box focused for a correction; Esc leaves a text
// box; the help lists the worklist's keys, and those keys move the worklist's selection.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

// Browser globals used inside page functions (no DOM library in the Node test config).
declare const document: { activeElement: { getAttribute(name: string): string | null } | null };

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
    await app.page.keyboard.press('Enter');
    await app.viewer.waitForImage(file);
    await app.page.getByTestId('opening').waitFor({ state: 'detached' });
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
    assert.match((await app.page.getByTestId('viewport').getAttribute('aria-label')) ?? '', /^Image keys\.dcm: press \? for the keys$/);
  });

  test('a path that does not open keeps the cursor in the box; Esc leaves the box', async () => {
    await app.page.keyboard.press('Control+o');
    await pathBox().fill(join(app.scratch, 'no-such-file.dcm'));
    await app.page.keyboard.press('Enter');
    await app.viewer.openError().waitFor();
    assert.equal(await focused(), 'open-path', 'still in the box, to correct the path');
    await app.page.keyboard.press('Escape');
    assert.notEqual(await focused(), 'open-path');
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
