// The second viewport's AI reading (review 22): an answer held back by intended-use warnings says
// why in the compare head (the first warning named, the others counted, all of them listed on a
// click), and once the reader asks to see it anyway it reads as unreliable, as the AI panel marks
// it, with the warnings still there. A lateral film of a patient of unknown age, beside a frontal.
// Review 24: Enter in the path field hands the keyboard to the image beside (not <body>), the
// reading beside is said politely, and Show leaves the keyboard on the badge's warning.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { scorePercent } from '../../src-renderer/src/components/format';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  activeElement: { getAttribute(name: string): string | null; className: string } | null;
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe('the compare pane reading and its warnings', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  test('a held-back reading beside lists its warnings, and shown anyway it reads unreliable with them', async (t) => {
    const page = app.page;
    const patient = { PatientName: 'LATERAL^LUCY', PatientID: 'P-LAT', Modality: 'DX', BodyPartExamined: 'CHEST', StudyDate: '20261201' };
    const write = (name: string, attributes: Record<string, string>) =>
      writeDicom(join(app.scratch, name), { rows: 400, columns: 600, bitsStored: 12, pixels: chestPhantom(400, 600, 300, 3800), attributes: { ...patient, ...attributes } });
    const frontal = await write('frontal.dcm', { ViewPosition: 'PA', PatientAge: '004Y' });
    // No PatientAge: the age rule holds it back too, so there is more than one warning to list.
    const lateral = await write('lateral.dcm', { ViewPosition: 'LL' });

    // What the engine says of the lateral film: the badge must say the same.
    const info = await app.engine.openStudy(lateral);
    const p = await app.engine.predict(info.studyId);
    await app.engine.closeStudy(info.studyId);
    assert.match(p.warnings[0] ?? '', /lateral view \(LL\)/, `the fixture is held back for its view first: ${JSON.stringify(p.warnings)}`);
    assert.ok(p.warnings.length >= 2, `the fixture has more than one warning: ${JSON.stringify(p.warnings)}`);

    await app.viewer.open(frontal);
    await app.viewer.waitForImage(frontal);
    await page.keyboard.press('c');
    await page.getByTestId('compare-path').fill(lateral);
    await page.getByTestId('compare-path').press('Enter');
    await app.viewer.waitForDrawn(lateral, 'viewport-compare');
    await page.waitForFunction(() => /held back/.test(document.querySelector('[data-testid="compare-reading"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    assert.equal(await focused(), 'viewport-compare', 'Enter in the path field puts the keyboard on the image beside');
    // Said politely: which image, held back, and why (the first warning).
    const said = page.getByTestId('compare-announcement');
    assert.equal(await said.getAttribute('role'), 'status');
    await page.waitForFunction(() => /held back/.test(document.querySelector('[data-testid="compare-announcement"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const saidHeld = (await said.textContent()) ?? '';
    assert.ok(saidHeld.startsWith(`Image beside, lateral.dcm: The AI answer is held back: ${p.warnings[0].replace(/\.$/, '')}`), saidHeld);
    assert.doesNotMatch(saidHeld, /\d+\.\d%/, 'no score while held back');

    const badge = page.getByTestId('compare-reading');
    const list = page.getByTestId('compare-reading-warnings');
    const more = `+${p.warnings.length - 1} more`;
    /** The warnings listed in full under the badge (opened by its warning line, closed again). */
    const listed = async (): Promise<string[]> => {
      await page.getByTestId('compare-reading-why').click();
      await list.waitFor({ state: 'visible' });
      const items = await list.locator('li').allInnerTexts();
      // Whole on screen, not cut by the head's one line.
      const box = (await list.boundingBox()) as Box;
      const size = page.viewportSize() as { width: number; height: number };
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height, `warning list ${JSON.stringify(box)} off screen`);
      await page.getByTestId('compare-reading-why').click();
      await list.waitFor({ state: 'hidden' });
      return items;
    };

    // Held back: no number, but why, in the head itself.
    const held = (await badge.innerText()).replace(/\s+/g, ' ');
    assert.match(held, /AI answer held back/);
    assert.doesNotMatch(held, /\d+\.\d%/, 'no probability while held back');
    assert.ok(held.includes(`lateral view ${more}`), `the badge names the first warning and counts the others (${more}): ${held}`);
    assert.deepEqual(await listed(), p.warnings, 'every warning listed in full');

    /**
     * At 1280x720 (both side panels open: the narrowest compare head) the badge keeps one line
     * inside the bar, nothing of it cut but the first warning's words (at least `gistWidth` px of
     * them in view), and `also` whole.
     */
    const fits = async (name: string, also: string, gistWidth: number) => {
      const size = page.viewportSize();
      await page.setViewportSize({ width: 1280, height: 720 });
      try {
        await app.viewer.settle();
        const bar = (await page.getByTestId('compare-bar').boundingBox()) as Box;
        for (const id of ['compare-reading', also, 'compare-reading-warning']) {
          const b = (await page.getByTestId(id).boundingBox()) as Box;
          t.diagnostic(`${name}: ${id} ${JSON.stringify(b)} in the bar ${JSON.stringify(bar)}`);
          assert.ok(b.x >= bar.x - 1 && b.x + b.width <= bar.x + bar.width + 1 && b.y >= bar.y - 1 && b.y + b.height <= bar.y + bar.height + 1, `${name}: ${id} ${JSON.stringify(b)} not inside the compare bar ${JSON.stringify(bar)}`);
          if (id === 'compare-reading-warning') assert.ok(b.width >= gistWidth, `${name}: the first warning squeezed to ${b.width} px`);
        }
        const cut = await badge.evaluate((e) => (e as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth - (e as unknown as { clientWidth: number }).clientWidth);
        assert.ok(cut <= 1, `${name}: the badge's line is cut by ${cut} px`);
        await app.viewer.screenshot(`compare-reading-${name}-1280x720`);
      } finally {
        if (size) await page.setViewportSize(size);
      }
    };
    await fits('held-back', 'compare-reading-reveal', 60);

    // Shown anyway: the AI panel's figure and words, marked unreliable, the warnings still named.
    await page.getByTestId('compare-reading-reveal').click();
    await page.waitForFunction(() => /\d+\.\d%/.test(document.querySelector('[data-testid="compare-reading"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.equal(await focused(), 'compare-reading-why', 'Show removes itself: the keyboard goes to the warning beside the figure');
    assert.ok(((await said.textContent()) ?? '').includes(`model score ${scorePercent(p.probability)}`), 'the revealed reading is said');
    // innerText breaks the line between the badge's parts (flex items): one space, none before ')'.
    const shown = (await badge.innerText()).replace(/\s+/g, ' ').replace(/ \)/g, ')');
    const words = p.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected';
    assert.ok(shown.includes(`AI ${scorePercent(p.probability)} (unreliable: lateral view ${more}) · ${words}`), `the shown answer reads unreliable, for its warnings: ${shown}`);
    assert.deepEqual(await listed(), p.warnings, 'every warning still listed after Show');
    await fits('revealed', 'compare-reading-why', 0);
    await app.viewer.screenshot('compare-reading-revealed');
    await page.getByTestId('compare-reading-why').click();
    await list.waitFor({ state: 'visible' });
    await app.viewer.screenshot('compare-reading-warnings-open');
    await page.getByTestId('compare-reading-why').click();

    await page.getByTestId('viewport').click();
    await page.keyboard.press('c');
    await page.getByTestId('viewport-compare').waitFor({ state: 'detached' });
    assert.deepEqual(app.consoleErrors, [], 'no page errors or CSP violations');
  });
});
