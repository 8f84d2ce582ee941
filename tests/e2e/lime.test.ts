// LIME in the AI panel, in Debian Chromium against the real engine: choosing LIME runs the job with
// a progress bar, then draws the top regions over the image in the colours of their legend;
// Grad-CAM comes back when chosen again; a running LIME can be cancelled. A small untrained model
// (64 px) keeps ~1000 forward passes short on a busy CPU.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { saveSmallModel } from '../engine/inference/support/small-resnet';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { ensureModel } from './support/test-model';

// Browser global used inside page.evaluate (no DOM library in the Node test config).
declare const document: { querySelector(s: string): { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } | null };

/** How many canvas pixels (of every 2nd row and column) are within `tol` of each colour. */
function pixelsNear(app: AppUnderTest, colours: string[], tol = 14): Promise<number[]> {
  return app.page.evaluate(
    ([hexes, t]) => {
      const c = document.querySelector('[data-testid="viewport"] canvas');
      if (!c) throw new Error('no canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const rgb = (hexes as string[]).map((h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)));
      const counts = rgb.map(() => 0);
      for (let y = 0; y < c.height; y += 2) {
        for (let x = 0; x < c.width; x += 2) {
          const i = (y * c.width + x) * 4;
          rgb.forEach((col, j) => {
            if (Math.abs(d[i] - col[0]) <= (t as number) && Math.abs(d[i + 1] - col[1]) <= (t as number) && Math.abs(d[i + 2] - col[2]) <= (t as number)) counts[j]++;
          });
        }
      }
      return counts;
    },
    [colours, tol] as const,
  );
}

describe('LIME in the AI panel', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let first: string;
  let second: string;
  before(async () => {
    app = await startApp({ builtInModelsDir: '/nonexistent/alveo-no-builtins' });
    await ensureModel(app.engine, { builtInDir: '/nonexistent/alveo-no-builtins', userDir: join(app.scratch, 'home') });
    await mkdir(join(app.scratch, 'img'), { recursive: true });
    first = join(app.scratch, 'img', 'squares.png');
    second = join(app.scratch, 'img', 'bars.png');
    await writeGrayPng(first, 256, 256, [{ top: 40, left: 30, height: 90, width: 70, value: 200 }, { top: 150, left: 150, height: 70, width: 80, value: 120 }], 30);
    await writeGrayPng(second, 256, 256, [{ top: 20, left: 100, height: 200, width: 40, value: 220 }], 60);
  });
  after(async () => {
    await app?.close();
  });

  test('choosing LIME runs it with progress, then overlays its top regions in their legend colours', async () => {
    const v = app.viewer;
    const page = app.page;
    await v.open(first);
    await v.waitForImage(first);
    await v.revealAnswer();
    await v.waitForHeatMap();
    await page.getByTestId('explain-lime').click();
    await page.getByTestId('lime-progress').waitFor({ timeout: 120_000 });
    const legend = page.getByTestId('lime-legend');
    await legend.waitFor({ timeout: 300_000 });
    assert.equal(await page.getByTestId('lime-progress').count(), 0, 'progress gone when done');
    const items = page.getByTestId('lime-legend-item');
    const n = await items.count();
    assert.ok(n >= 1 && n <= 5, `${n} regions in the legend`);
    const colours = await page.locator('[data-testid="lime-legend-item"] .swatch').evaluateAll((els) =>
      els.map((e) => {
        const m = /rgb\((\d+), (\d+), (\d+)\)/.exec((e as unknown as { style: { background: string } }).style.background);
        return m ? '#' + m.slice(1).map((x) => Number(x).toString(16).padStart(2, '0')).join('') : '';
      }),
    );
    assert.deepEqual(colours, ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#cc79a7'].slice(0, n));
    assert.match(await items.first().innerText(), /Region 1\s+\+\d+\.\d pts · \d+% of image/);

    // The reader waited for it: the finished explanation is drawn at once; the switch still hides it.
    assert.ok(await page.getByTestId('lime-overlay-checkbox').isChecked(), 'overlay switched on when LIME finished');
    await page.getByTestId('lime-opacity').fill('1');
    await v.settle();
    const drawn = await pixelsNear(app, colours);
    assert.ok(drawn[0] > 10, `LIME's first region drawn when it finished: ${drawn}`);
    await page.getByTestId('lime-overlay-checkbox').uncheck();
    await v.settle();
    const hidden = await pixelsNear(app, colours);
    assert.ok(hidden.every((c) => c === 0), `no LIME colour once the overlay is switched off: ${hidden}`);
    const [whiteHidden] = await pixelsNear(app, ['#ffffff'], 40);
    await page.getByTestId('lime-overlay-checkbox').check();
    await v.settle();
    const shown = await pixelsNear(app, colours);
    // Every named region is outlined in its own colour (opaque at full opacity).
    shown.forEach((c, i) => assert.ok(c > 10, `region ${i + 1} (${colours[i]}): ${c} pixels of its colour on the canvas`));
    // Each region carries its rank in white, so the regions are told apart without colour.
    const [whiteShown] = await pixelsNear(app, ['#ffffff'], 40);
    assert.ok(whiteShown > whiteHidden + 4 * n, `rank labels drawn: ${whiteHidden} -> ${whiteShown} white pixels`);
    // The pixel readout gives no Grad-CAM heat value while LIME's regions are what is drawn.
    assert.doesNotMatch(await v.hoverImageCentre(), /heat/);
    await v.screenshot('ai-lime-overlay');

    // Back to Grad-CAM: the LIME regions leave the image, the heat map controls return.
    await page.getByTestId('explain-gradcam').click();
    await page.getByTestId('heatmap-controls').waitFor();
    await v.settle();
    const back = await pixelsNear(app, colours.slice(0, 1), 2);
    assert.ok(back[0] < shown[0] / 4, `LIME's first colour mostly gone: ${shown[0]} -> ${back[0]}`);
    assert.match(await v.hoverImageCentre(), /heat \d\.\d\d/, 'the Grad-CAM heat value is back in the readout');
    // And LIME again is answered from what was kept, without a new run.
    await page.getByTestId('explain-lime').click();
    await legend.waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId('lime-progress').count(), 0);
    assert.deepEqual(app.consoleErrors, []);
  });

  test('a running LIME can be cancelled: the progress goes, Run LIME comes back', async () => {
    // A 224 px model, as the shipped one: 1000 forward passes take seconds, so the cancel lands mid-run.
    const dirs = { builtInDir: '/nonexistent/alveo-no-builtins', userDir: join(app.scratch, 'home') };
    await saveSmallModel(await app.engine.tf(), { ...dirs, id: 'e2e-224', inputSize: 224, seed: 9 });
    await app.engine.setActiveModel('e2e-224');
    const v = app.viewer;
    const page = app.page;
    await v.open(second);
    await v.waitForImage(second);
    await v.revealAnswer();
    const run = page.getByTestId('lime-run');
    await run.waitFor({ timeout: 120_000 });
    // The engine runs in this process: its job:end says whether the cancel reached it.
    const ended = new Promise<string>((resolve) => {
      const off = app.engine.subscribe((e) => {
        if (e.type === 'job:end' && e.kind === 'lime') {
          off();
          resolve(e.outcome);
        }
      });
    });
    await run.click();
    await page.getByTestId('lime-progress').waitFor({ timeout: 120_000 });
    await page.getByTestId('lime-cancel').click();
    await run.waitFor({ timeout: 120_000 });
    assert.equal(await ended, 'cancelled', 'the engine stopped the job');
    assert.equal(await page.getByTestId('lime-progress').count(), 0);
    assert.equal(await page.getByTestId('lime-legend').count(), 0, 'no explanation after a cancel');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('Run LIME pressed at once after Cancel keeps its own progress and shows its regions (the late end of the cancelled run clears nothing)', async () => {
    const page = app.page;
    const ends: string[] = [];
    const off = app.engine.subscribe((e) => {
      if (e.type === 'job:end' && e.kind === 'lime') ends.push(e.outcome);
    });
    try {
      await page.getByTestId('lime-run').click();
      await page.getByTestId('lime-progress').waitFor({ timeout: 120_000 });
      // Cancel, then Run LIME as soon as it is back on screen, in the page itself: well before the
      // cancel's round trip to the engine and its job:end can come back.
      // (A string, not a function: tsx would wrap a named helper in __name, which the page lacks.)
      await page.evaluate(`(async () => {
        const q = (id) => document.querySelector('[data-testid="' + id + '"]');
        q('lime-cancel').click();
        for (let i = 0; i < 100 && !q('lime-run'); i++) await new Promise((r) => setTimeout(r, 0));
        q('lime-run').click();
      })()`);
      await page.getByTestId('lime-progress').waitFor({ timeout: 10_000 });
      // The cancelled job ends in the engine, and its job:end reaches the page, while the new run goes on.
      const deadline = Date.now() + 120_000;
      while (!ends.includes('cancelled') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(ends[0], 'cancelled', 'the first run was cancelled in the engine');
      await page.waitForTimeout(1000);
      if (!ends.includes('done')) assert.equal(await page.getByTestId('lime-progress').count(), 1, 'the new run still shows its progress');
      await page.getByTestId('lime-legend').first().waitFor({ timeout: 180_000 });
      assert.deepEqual(ends, ['cancelled', 'done']);
      assert.deepEqual(app.consoleErrors, []);
    } finally {
      off();
    }
  });
});
