// Hebrew in lines that join several parts, in a Hebrew-locale Chromium (review 41 F5): the study
// header of "Group by study" and the read's "Recorded … · time by reader" keep their parts in
// order (each isolated), the time is written as the rest of the app writes it (not in Hebrew
// month words), and the free-text fields take their direction from what is typed.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { writeStudyImage } from '../engine/study-sets/study-set-files';
import { ViewerPage } from './pages/viewer-page';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

// The page's DOM, as far as drawnAt uses it (the tests compile without the DOM library).
interface Box {
  top: number;
  left: number;
  height: number;
}
declare const document: {
  createTreeWalker(root: unknown, whatToShow: number): { nextNode(): { data: string } | null };
  createRange(): { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getBoundingClientRect(): Box };
};
declare function getComputedStyle(el: unknown): { lineHeight: string; fontSize: string };
const SHOW_TEXT = 4;

/**
 * Where each text inside `testId`'s first element is drawn after bidi (Ranges over its text nodes),
 * as a number that grows left to right along a line, and line after line: the line's top counts first.
 */
function drawnAt(page: Page, testId: string, texts: string[]): Promise<Record<string, number>> {
  return page.getByTestId(testId).first().evaluate(
    (el, [needles, showText]) => {
      const out: Record<string, number> = {};
      // A text's line: where the middle of its box falls, in line heights from the element's top
      // (glyphs of two scripts on one line need not share a top).
      const style = getComputedStyle(el);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
      const top = el.getBoundingClientRect().top;
      const walker = document.createTreeWalker(el, showText);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const s of needles) {
          const i = n.data.indexOf(s);
          if (i < 0 || s in out) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + s.length);
          const box = r.getBoundingClientRect();
          out[s] = Math.floor((box.top + box.height / 2 - top) / lineHeight) * 100_000 + box.left;
        }
      }
      return out;
    },
    [texts, SHOW_TEXT] as const,
  );
}

describe('right-to-left names and descriptions in joined lines', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let page: Page;
  let file: string;
  before(async () => {
    app = await startApp();
    page = await app.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'he-IL' });
    page.on('pageerror', (e) => app.consoleErrors.push(e.message));
    await new ViewerPage(page, SCREENSHOTS).goto(app.host.url);
    const folder = join(app.scratch, 'rtl');
    await mkdir(folder, { recursive: true });
    const S = '1.2.826.0.1.3680043.9.41';
    file = await writeStudyImage(
      join(folder, 'he.dcm'),
      { study: `${S}.1`, series: `${S}.1.1`, view: 'PA', date: '20240315', description: 'צילום חזה' },
      { attributes: { SpecificCharacterSet: 'ISO_IR 192', PatientName: 'לוי^דוד', AccessionNumber: '9001' } },
    );
  });
  after(() => app?.close());

  test('the study header keeps description, name, date and accession in order', async () => {
    const list = new WorklistPage(page, SCREENSHOTS);
    await list.show();
    assert.equal(await page.getByTestId('worklist-search').getAttribute('dir'), 'auto');
    await list.start(join(app.scratch, 'rtl'), false);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(1);
    await page.getByTestId('worklist-group-by-study').check();
    await page.getByTestId('worklist-study').first().waitFor();
    const x = await drawnAt(page, 'worklist-study', ['צילום חזה', 'לוי, דוד', '2024-03-15', 'Acc.', '9001']);
    assert.equal(Object.keys(x).length, 5, JSON.stringify(x));
    assert.ok(x['צילום חזה'] < x['לוי, דוד'] && x['לוי, דוד'] < x['2024-03-15'] && x['2024-03-15'] < x['Acc.'] && x['Acc.'] < x['9001'], `drawn out of order: ${JSON.stringify(x)}`);
    await page.getByTestId('worklist-group-by-study').uncheck();
  });

  test('the recorded read says its time as YYYY-MM-DD HH:MM before a Hebrew reader name, in order', async () => {
    const viewer = new ViewerPage(page, SCREENSHOTS);
    await page.getByTestId('tab-viewer').click();
    await viewer.open(file);
    await viewer.waitForImage(file);
    assert.equal(await page.getByTestId('read-note').getAttribute('dir'), 'auto');
    assert.equal(await page.getByTestId('read-reader').getAttribute('dir'), 'auto');
    await page.getByTestId('read-reader').fill('לוי^דוד');
    await page.getByTestId('read-reader').press('Enter');
    await page.getByTestId('read-reader').blur();
    await page.getByTestId('read-no-pneumonia').click();
    const status = page.getByTestId('read-status');
    await status.filter({ hasText: 'Recorded no pneumonia' }).waitFor({ timeout: 60_000 });
    const text = await status.innerText();
    const time = /^Recorded no pneumonia · (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) by לוי\^דוד · /.exec(text)?.[1];
    assert.ok(time, `status: ${text}`);
    const x = await drawnAt(page, 'read-status', ['Recorded', time, 'לוי^דוד', 'before the model', 'with the model']);
    const after = x['before the model'] ?? x['with the model'];
    assert.ok(x.Recorded < x[time] && x[time] < x['לוי^דוד'] && x['לוי^דוד'] < after, `drawn out of order: ${JSON.stringify(x)}`);
    assert.deepEqual(app.consoleErrors, []);
  });
});
