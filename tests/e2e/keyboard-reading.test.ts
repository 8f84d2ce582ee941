// Reading from the keyboard alone, in Chromium against the web host (review 10): Space and Enter do
// a focused control's job, not the viewer's Reset; the workspace tabs are one tab list; the help
// takes and returns the keyboard, on any tab; a worklist row opens with the image focused and the
// heat map as the reader left it, J / K go on through the worklist's order, Esc goes back to the
// row; the worklist says the end of a run and moves real focus row by row; Tab into the comparison
// image makes it the active one; preset buttons are named by their label and say their key.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';
import { until } from './support/until';
import { scorePercent } from '../../src-renderer/src/components/format';

// Browser globals used inside page functions (no DOM library in the Node test config).
interface PageElement {
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  textContent: string | null;
  tagName: string;
}
declare const document: { activeElement: PageElement | null; getElementById(id: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };

describe('keyboard reading', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let dicom: string;
  let folder: string;
  let list: WorklistPage;
  before(async () => {
    app = await startApp();
    dicom = await writeDicom(join(app.scratch, 'space.dcm'), { rows: 200, columns: 160, bitsStored: 12, pixels: chestPhantom(200, 160, 300, 3800) });
    folder = join(app.scratch, 'reading');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 4; i++) await writeGrayPng(join(folder, `img-${i}.png`), 64, 64, [{ top: 10 * i, left: 6 + 5 * i, height: 16 + 4 * i, width: 20, value: 120 + 30 * i }], 30 + 10 * i);
    list = new WorklistPage(app.page, SCREENSHOTS);
  });
  after(async () => {
    await app?.close();
  });

  /** The data-testid of the focused element (and its data-file, for a worklist row). */
  const focused = () => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  const focusedFile = () => app.page.evaluate(() => document.activeElement?.getAttribute('data-file') ?? null);
  const pressed = (testId: string) => app.page.getByTestId(testId).getAttribute('aria-pressed');
  const shownFile = () => app.page.getByTestId('status-file').innerText();

  test('Space and Enter on a focused button or checkbox do its job and never reset the view; Space on the image still resets; = zooms in', async () => {
    const v = app.viewer;
    await v.open(dicom);
    await v.waitForImage(dicom);
    await v.viewport.focus();
    // W and L only (the zoom changes with a second viewport beside the image).
    const wl = async () => (await v.windowReadout()).split('\n')[0];
    const initial = await wl();
    await app.page.keyboard.press('2');
    const lung = await wl();
    assert.notEqual(lung, initial, 'preset 2 changed the window');
    await app.page.getByTestId('invert').focus();
    await app.page.keyboard.press(' ');
    assert.equal(await pressed('invert'), 'true', 'Space pressed Invert');
    assert.equal(await wl(), lung, 'the window was not reset');
    await app.page.keyboard.press('Enter');
    assert.equal(await pressed('invert'), 'false', 'Enter pressed Invert again');
    await app.page.getByTestId('compare-toggle').focus();
    await app.page.keyboard.press(' ');
    assert.equal(await pressed('compare-toggle'), 'true', 'Space opened the comparison');
    const sync = app.page.getByTestId('sync-toggle');
    await sync.focus();
    await app.page.keyboard.press(' ');
    assert.equal(await sync.isChecked(), true, 'Space ticked Sync');
    await app.page.keyboard.press(' ');
    assert.equal(await sync.isChecked(), false, 'and unticked it');
    await app.page.getByTestId('compare-toggle').focus();
    await app.page.keyboard.press('Enter');
    assert.equal(await pressed('compare-toggle'), 'false');
    assert.equal(await wl(), lung, 'still the lung window');
    // On the image itself Space is Reset, as before.
    await v.viewport.focus();
    await app.page.keyboard.press(' ');
    assert.equal(await wl(), initial, 'Space on the image reset the window');
    assert.doesNotMatch(await v.windowReadout(), /inverted/);
    // A click on the image after a click on a toolbar button gives the image the keyboard back.
    await app.page.getByTestId('invert').click();
    assert.match(await v.windowReadout(), /inverted/);
    await v.clickAt({ x: 30, y: 30 });
    assert.equal(await focused(), 'viewport');
    await app.page.keyboard.press(' ');
    assert.doesNotMatch(await v.windowReadout(), /inverted/, 'Space after a click on the image resets it');
    // = is + without Shift on US and UK keyboards: it zooms in, as + does (F fits).
    const zoom = async () => Number(/Zoom (\d+)%/.exec(await v.windowReadout())?.[1]);
    const fitted = await zoom();
    await app.page.keyboard.press('=');
    assert.ok((await zoom()) > fitted * 1.2, `= zoomed in from ${fitted}%`);
    await app.page.keyboard.press('f');
    assert.equal(await zoom(), fitted);
  });

  test('preset buttons are named by their label alone (not "2Lung"), and each says its key in aria-keyshortcuts and its tooltip', async () => {
    const presets = app.page.getByTestId('preset');
    const n = await presets.count();
    assert.ok(n >= 5, `${n} presets`);
    for (let i = 0; i < n; i++) {
      assert.equal(await presets.nth(i).getAttribute('aria-keyshortcuts'), String(i + 1), `preset ${i + 1} key`);
      assert.match((await presets.nth(i).getAttribute('title')) ?? '', new RegExp(`\\(key ${i + 1}\\)$`), `preset ${i + 1} tooltip`);
    }
    // The name a screen reader reads (and a voice user says) is the label: the digit is left out.
    const toolbar = app.page.getByTestId('viewer-toolbar');
    await toolbar.getByRole('button', { name: 'Lung', exact: true }).waitFor();
    await toolbar.getByRole('button', { name: 'Soft tissue', exact: true }).waitFor();
    assert.equal(await toolbar.getByRole('button', { name: /^\d/ }).count(), 0, 'no button name starts with its key digit');
  });

  test('the workspace tabs are one tab list: one Tab stop, arrows move between tabs, each tab names its panel', async () => {
    const tablist = app.page.getByRole('tablist', { name: 'Workspace' });
    assert.equal(await tablist.getByRole('tab').count(), 5);
    const stops = () => app.page.$$eval('[role="tablist"][aria-label="Workspace"] [role="tab"]', (tabs) => tabs.map((t) => t.getAttribute('tabindex')));
    assert.deepEqual(await stops(), ['0', '-1', '-1', '-1', '-1']);
    const viewerTab = app.page.getByTestId('tab-viewer');
    await viewerTab.focus();
    await app.page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-worklist');
    assert.equal(await app.page.getByTestId('tab-worklist').getAttribute('aria-selected'), 'true');
    await app.page.getByTestId('worklist-panel').waitFor();
    assert.deepEqual(await stops(), ['-1', '0', '-1', '-1', '-1']);
    // The selected tab controls the panel on screen, and the panel is labelled by it.
    const link = await app.page.evaluate(() => {
      const tab = document.activeElement;
      const panel = document.getElementById(tab?.getAttribute('aria-controls') ?? '');
      return { role: panel?.getAttribute('role'), labelledBy: panel?.getAttribute('aria-labelledby'), tabId: tab?.getAttribute('id') };
    });
    assert.equal(link.role, 'tabpanel');
    assert.equal(link.labelledBy, link.tabId);
    await app.page.keyboard.press('End');
    assert.equal(await focused(), 'tab-models');
    await app.page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-viewer', 'the arrows wrap around');
    await app.page.keyboard.press('ArrowLeft');
    await app.page.keyboard.press('Home');
    assert.equal(await focused(), 'tab-viewer');
    assert.equal(await viewerTab.getAttribute('aria-selected'), 'true');
    await app.viewer.waitForLitCanvas();
  });

  test('the help takes the keyboard, keeps Tab inside and gives it back on Esc; ? works on the worklist tab too', async () => {
    const inHelp = () => app.page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="help-overlay"]')));
    await app.viewer.viewport.focus();
    await app.page.keyboard.press('?');
    await app.page.getByTestId('help-overlay').waitFor();
    assert.ok(await inHelp(), 'the dialog has the keyboard');
    for (let i = 0; i < 4; i++) {
      await app.page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      assert.ok(await inHelp(), `Tab ${i + 1} stays inside the dialog`);
    }
    // Keys behind a modal dialog do nothing.
    await app.page.keyboard.press('r');
    assert.equal(await app.page.getByTestId('pane-main').getByTestId('orientation-readout').count(), 0, 'R did not rotate the image behind the help');
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    assert.equal(await focused(), 'viewport', 'back on the image');
    assert.equal(await app.page.getByTestId('tab-viewer').getAttribute('aria-selected'), 'true', 'Esc closed the help only');

    await app.page.getByTestId('tab-worklist').click();
    await app.page.keyboard.press('?');
    await app.page.getByTestId('help-overlay').waitFor();
    assert.match(await app.page.getByTestId('help-worklist').innerText(), /J.*K/s, 'the worklist keys include J / K');
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    assert.equal(await focused(), 'tab-worklist', 'back on the tab');
  });

  test('a finished run is announced; the progress bar and every column header have names; arrows move real focus row by row', async () => {
    await list.start(folder, false);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(4);
    const status = app.page.getByTestId('worklist-announce');
    assert.equal(await status.getAttribute('role'), 'status');
    // With what it found, counted from the rows on screen.
    const shown = await list.rows();
    const n = (label: string) => shown.filter((r) => r.label === label).length;
    const found = [`${n('PNEUMONIA')} pneumonia suspected`, n('NORMAL') ? `${n('NORMAL')} normal` : '', n('HELD_BACK') ? `${n('HELD_BACK')} held back` : '', n('ERROR') ? `${n('ERROR')} failed` : ''].filter(Boolean).join(', ');
    assert.equal(await status.innerText(), `Scoring done: 4 of 4 images: ${found}.`);
    const bar = app.page.getByRole('progressbar', { name: 'Scoring progress' });
    assert.equal(await bar.getAttribute('aria-valuetext'), '4 of 4 images');
    const headers = await app.page.$$eval('[data-testid="worklist-table"] [role="columnheader"]', (hs) => hs.map((h) => ({ tag: h.tagName, text: (h.textContent ?? '').trim() })));
    assert.equal(headers.length, 8);
    for (const h of headers) assert.ok(h.tag !== 'BUTTON' && h.text.length > 0, `column header ${JSON.stringify(h)}`);
    assert.equal(await app.page.locator('[role="columnheader"]:has([data-testid="sort-probability"])').getAttribute('aria-sort'), 'descending');

    const files = (await list.rows()).map((r) => r.file);
    await app.page.getByTestId('worklist-table').focus();
    await app.page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'worklist-row');
    assert.equal(await focusedFile(), files[0]);
    await app.page.keyboard.press('End');
    assert.equal(await focusedFile(), files[3]);
    await app.page.keyboard.press('Home');
    await app.page.keyboard.press('ArrowDown');
    assert.equal(await focusedFile(), files[1], 'the focused row is the selected row');
    assert.equal(await app.page.locator('[data-testid="worklist-row"][aria-selected="true"]').getAttribute('data-file'), files[1]);
    // The selected row is the table's one Tab stop.
    assert.equal(await app.page.getByTestId('worklist-table').getAttribute('tabindex'), '-1');
  });

  test('Enter opens the row with the image focused and the heat map off; J / K and PgDn follow the worklist order; Esc goes back to the row', async () => {
    const rows = await list.rows();
    const files = rows.map((r) => r.file);
    await app.page.keyboard.press('Enter');
    await app.viewer.waitForImage(files[1]);
    assert.equal(await focused(), 'viewport', 'the image has the keyboard');
    assert.equal(await pressed('overlay-toggle'), 'false', 'the heat map is not forced on');
    assert.match(await app.page.getByTestId('worklist-reading').innerText(), /Worklist study 2 of 4/);
    // Heard as well as seen (review 24 H1): the step, the file and its AI reading in one message.
    const said = () => app.page.getByTestId('ai-announcement').textContent().then((t) => (t ?? '').trim());
    // Study 3's own answer, as its worklist row has it (a stale reading of study 2 would not match).
    const row3 = rows[2];
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const answer =
      row3.label === 'HELD_BACK'
        ? 'The AI answer is held back: \\S'
        : escape(`AI reading: model score ${scorePercent(row3.probability ?? 0)}, ${row3.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected'}`);
    await app.page.keyboard.press('j');
    await app.viewer.waitForImage(files[2]);
    assert.equal(basename(await shownFile()), basename(files[2]));
    assert.match(await app.page.getByTestId('worklist-reading').innerText(), /Worklist study 3 of 4/);
    const third = new RegExp(`^Study 3 of 4, ${basename(files[2]).replace('.', '\\.')}\\. ${answer}`);
    await until(async () => third.test(await said()), 120_000, `the step said with its reading (says "${await said()}")`);
    await app.page.keyboard.press('k');
    await app.viewer.waitForImage(files[1]);
    // The reader turns the heat map on: it stays on for the next study.
    await app.page.keyboard.press('o');
    assert.equal(await pressed('overlay-toggle'), 'true');
    assert.match((await app.page.getByTestId('viewer-announcement').textContent()) ?? '', /^Heat map on/);
    await app.page.keyboard.press('PageDown');
    await app.viewer.waitForImage(files[2]);
    assert.equal(await pressed('overlay-toggle'), 'true', "the reader's choice stays");
    await app.page.keyboard.press('o');
    await app.page.keyboard.press('j');
    await app.viewer.waitForImage(files[3]);
    await app.page.keyboard.press('j');
    assert.match(await app.page.getByTestId('worklist-reading').innerText(), /Last study of the worklist/);
    assert.equal((await app.page.getByTestId('viewer-announcement').textContent())?.trim(), 'Last study of the worklist');
    assert.equal(basename(await shownFile()), basename(files[3]), 'nothing past the end');

    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('worklist-panel').waitFor();
    assert.equal(await app.page.getByTestId('tab-worklist').getAttribute('aria-selected'), 'true');
    assert.equal(await focused(), 'worklist-row', 'the keyboard is on the row');
    assert.equal(await focusedFile(), files[3], 'on the row of the study that was on screen');

    // Another order: J follows the worklist as it is sorted now (by file name, A to Z).
    await list.sortBy('file');
    const byName = (await list.rows()).map((r) => r.file);
    assert.deepEqual(byName, [...files].sort());
    await app.page.locator(`[data-testid="worklist-row"][data-file="${byName[0]}"]`).click();
    await app.viewer.waitForImage(byName[0]);
    await app.page.keyboard.press('j');
    await app.viewer.waitForImage(byName[1]);
    assert.equal(basename(await shownFile()), basename(byName[1]));
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('worklist-panel').waitFor();
    assert.equal(await focusedFile(), byName[1]);
    await list.sortBy('probability');
    await app.page.getByTestId('tab-viewer').click();
  });

  test('a study opened by path does not step through the worklist, and Esc stays in the viewer', async () => {
    await app.viewer.open(dicom);
    await app.viewer.waitForImage(dicom);
    await app.viewer.viewport.focus();
    await app.page.keyboard.press('j');
    await app.page.keyboard.press('Escape');
    assert.equal(await app.page.getByTestId('tab-viewer').getAttribute('aria-selected'), 'true');
    assert.equal(await app.page.getByTestId('worklist-reading').count(), 0);
    assert.equal(basename(await shownFile()), basename(dicom));
  });

  test('focusing the comparison image (Tab) makes it the active viewport: R acts on it', async () => {
    // The folder opens as a study set; C opens the second viewport, where (PNGs name no patient) the
    // second image is chosen rather than put there unasked.
    await app.viewer.open(folder);
    await app.page.getByTestId('thumbnail-strip').waitFor();
    await app.viewer.viewport.focus();
    await app.page.keyboard.press('c');
    await app.page.getByTestId('compare-empty').waitFor();
    await app.page.getByTestId('compare-choice').selectOption(join(folder, 'img-1.png'));
    await app.viewer.waitForLitCanvas('viewport-compare');
    const compare = app.page.getByTestId('viewport-compare');
    await compare.focus();
    assert.match((await app.page.getByTestId('pane-compare').getAttribute('class')) ?? '', /\bactive\b/);
    await app.page.keyboard.press('r');
    await app.page.getByTestId('pane-compare').getByTestId('orientation-readout').waitFor();
    assert.match(await app.page.getByTestId('pane-compare').getByTestId('orientation-readout').innerText(), /90°/);
    assert.equal(await app.page.getByTestId('pane-main').getByTestId('orientation-readout').count(), 0, 'the main image did not turn');
    // Back on the main image: it is the active one again.
    await app.viewer.viewport.focus();
    await app.page.keyboard.press('r');
    await app.page.getByTestId('pane-main').getByTestId('orientation-readout').waitFor();
    await app.page.keyboard.press('c');
  });

  test('the page logged no errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
