// A small window, or 200% browser zoom (1600×1000 at 200% lays out as 800×500 CSS pixels), in
// Chromium against the web host: the image keeps most of the room, the side panels become drawers
// over it, the toolbar wraps instead of running off the window, and the worklist's Export stays
// reachable (WCAG 1.4.10 reflow).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

// Browser globals used inside page functions (no DOM library in the Node test config).
declare const document: {
  documentElement: { scrollWidth: number; scrollHeight: number };
  activeElement: { getAttribute(name: string): string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): { left: number; right: number; top: number; bottom: number; width: number } }>;
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe('narrow window and 200% zoom', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let file: string;
  before(async () => {
    app = await startApp();
    file = await writeDicom(join(app.scratch, 'narrow.dcm'), { rows: 400, columns: 320, bitsStored: 12, pixels: chestPhantom(400, 320, 300, 3800) });
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
  });
  after(async () => {
    await app?.close();
  });

  const box = async (testId: string): Promise<Box> => {
    const b = await app.page.getByTestId(testId).boundingBox();
    assert.ok(b, `${testId} is on screen`);
    return b;
  };
  /** Right edges of the toolbar's buttons, and the page's own scroll width. */
  const overflow = () =>
    app.page.evaluate(() => {
      const buttons = Array.from(document.querySelectorAll('[data-testid="viewer-toolbar"] button')).map((b) => b.getBoundingClientRect().right);
      return { rightmost: Math.max(...buttons), page: document.documentElement.scrollWidth };
    });
  const screenshot = (name: string) => app.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  for (const [width, height] of [
    [800, 500],
    [640, 400],
  ] as const) {
    test(`${width}×${height}: the image has the whole width and most of the height; the toolbar wraps inside the window`, async () => {
      await app.page.setViewportSize({ width, height });
      await app.viewer.waitForLitCanvas();
      await screenshot(`narrow-${width}x${height}`);
      const image = await box('viewport');
      assert.ok(image.width >= width * 0.95, `image ${image.width} px wide in a ${width} px window`);
      assert.ok(image.height >= height * 0.4, `image ${image.height} px high in a ${height} px window`);
      assert.ok(image.width * image.height >= width * height * 0.4, `image area ${Math.round(image.width * image.height)} of ${width * height}`);
      const o = await overflow();
      assert.ok(o.rightmost <= width && o.page <= width, `toolbar ends at ${o.rightmost}, page ${o.page} wide, window ${width}`);
      // The panels are not columns any more: no study or AI panel until asked for.
      assert.equal(await app.page.getByTestId('ai-side').count(), 0);
      assert.equal(await app.page.getByTestId('study-side').count(), 0);
    });
  }

  test('800×500: the AI panel opens as a drawer over the image (the image keeps its size); Esc closes it and gives the keyboard back', async () => {
    await app.page.setViewportSize({ width: 800, height: 500 });
    const before = await box('viewport');
    const toggle = app.page.getByTestId('drawer-toggle-ai');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await app.page.getByTestId('ai-side').waitFor();
    const drawer = await box('ai-side');
    assert.ok(drawer.width <= 360 && drawer.x + drawer.width <= 800, `drawer ${JSON.stringify(drawer)}`);
    assert.deepEqual(await box('viewport'), before, 'the image did not shrink');
    await screenshot('narrow-800x500-ai-drawer');
    // The keyboard inside the drawer: Esc closes it and puts the keyboard back on its toggle.
    await app.page.getByTestId('ai-side').locator('button, input, [tabindex="0"]').first().focus();
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('ai-side').waitFor({ state: 'detached' });
    assert.equal(await app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null), 'drawer-toggle-ai');
    // B opens the AI drawer and closes it again.
    await app.viewer.viewport.focus();
    await app.page.keyboard.press('b');
    await app.page.getByTestId('ai-side').waitFor();
    await app.page.keyboard.press('b');
    await app.page.getByTestId('ai-side').waitFor({ state: 'detached' });
  });

  test('1100×700 with both panels: the panels narrow, the image keeps more than half the width', async () => {
    await app.page.setViewportSize({ width: 1100, height: 700 });
    await app.page.getByTestId('ai-side').waitFor();
    await app.page.getByTestId('study-side').waitFor();
    const image = await box('viewport');
    assert.ok(image.width >= 540, `image ${image.width} px wide`);
    const o = await overflow();
    assert.ok(o.rightmost <= 1100 - 280, `toolbar stays over the image (ends at ${o.rightmost})`);
  });

  test('800×500 worklist: the filter bar wraps and Export CSV is inside the window', async () => {
    await app.page.setViewportSize({ width: 800, height: 500 });
    await app.page.getByTestId('tab-worklist').click();
    await app.page.getByTestId('worklist-panel').waitFor();
    await screenshot('narrow-800x500-worklist');
    const exportButton = await box('worklist-export');
    assert.ok(exportButton.x >= 0 && exportButton.x + exportButton.width <= 800, `Export CSV at ${JSON.stringify(exportButton)}`);
    await app.page.getByTestId('tab-viewer').click();
    await app.page.setViewportSize({ width: 1440, height: 900 });
  });

  test('the page logged no errors', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
