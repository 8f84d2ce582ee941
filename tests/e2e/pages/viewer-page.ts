// Page object for the viewer: what a user does (open, drag, toggle) and what they see, read from
// the real canvas pixels rather than from the DOM alone.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from '../support/until';

// The functions passed to page.evaluate run in the browser; the Node test config has no DOM
// library, so the few browser globals they use are declared here, for this file only.
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { querySelector<T = PageCanvas>(selector: string): T | null };
declare function requestAnimationFrame(cb: () => void): number;
interface TextCanvas {
  prototype: { fillText(this: unknown, text: string, x: number, y: number, maxWidth?: number): void };
}
declare const CanvasRenderingContext2D: TextCanvas;
/** Text drawn on a canvas, at its canvas position (the context's transform applied). */
export interface DrawnText {
  text: string;
  x: number;
  y: number;
}
declare const globalThis: { alveoDrawnText?: DrawnText[] };

export interface CanvasStats {
  width: number;
  height: number;
  /** Mean luminance 0..255. */
  mean: number;
  std: number;
  /** Share of pixels brighter than 8 (not background). */
  lit: number;
  /** Mean |r-g| + |g-b|: 0 for a grey image, large under a colour overlay. */
  colour: number;
}

export class ViewerPage {
  readonly viewport: Locator;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    this.viewport = page.getByTestId('viewport');
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('study-panel').waitFor();
  }

  /** Types a path in the open field and submits; resolves when the open has finished either way. */
  async open(file: string): Promise<void> {
    const form = this.page.locator('form[data-opens-finished]');
    // Counted by the form: waiting for the "opening" marker to go could pass before it came, on
    // the file already on screen (an intermittent failure when a test re-opened the same file).
    const before = Number(await form.getAttribute('data-opens-finished'));
    await this.page.getByTestId('open-path').fill(file);
    await this.page.getByTestId('open-submit').click();
    await this.page.locator(`form[data-opens-finished="${before + 1}"]`).waitFor({ timeout: 60_000 });
  }

  /** Opens `file` and waits until its pixels are on the canvas, a frame more. */
  async show(file: string): Promise<void> {
    await this.open(file);
    await this.waitForImage(file);
    await this.settle();
  }

  /** Waits until the viewer shows `file` with pixels on the canvas. */
  async waitForImage(file: string): Promise<void> {
    const name = file.split('/').pop() ?? file;
    await this.page.getByTestId('study-panel').getByText(name, { exact: false }).first().waitFor({ timeout: 60_000 });
    await this.page.waitForFunction(() => {
      const c = document.querySelector<PageCanvas>('[data-testid="viewport"] canvas');
      if (!c || !c.width) return false;
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!d) return false;
      let lit = 0;
      for (let i = 0; i < d.length; i += 4 * 97) if (d[i] > 8) lit++;
      return lit > d.length / (4 * 97) / 10;
    }, undefined, { timeout: 30_000 });
  }

  canvasStats(): Promise<CanvasStats> {
    return this.page.evaluate(() => {
      const c = document.querySelector<PageCanvas>('[data-testid="viewport"] canvas');
      if (!c) throw new Error('no viewer canvas');
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      let sum = 0;
      let sum2 = 0;
      let lit = 0;
      let colour = 0;
      for (let i = 0; i < d.length; i += 4 * 7) {
        const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        sum += y;
        sum2 += y * y;
        if (y > 8) lit++;
        colour += Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]);
        n++;
      }
      const mean = sum / n;
      return { width: c.width, height: c.height, mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), lit: lit / n, colour: colour / n };
    });
  }

  /**
   * Grey levels the canvas shows at image pixel positions, assuming the fitted, centred view the
   * viewer opens with (scale = min(canvas/image)). Lets a test compare the screen with the engine.
   */
  sampleAtImagePoints(columns: number, rows: number, points: [number, number][], viewport = 'viewport'): Promise<number[]> {
    return this.page.evaluate(
      ({ columns, rows, points, viewport }) => {
        const c = document.querySelector<PageCanvas>(`[data-testid="${viewport}"] canvas`)!;
        const ctx = c.getContext('2d')!;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const s = Math.min(c.width / columns, c.height / rows);
        return points.map(([x, y]) => {
          const cx = Math.floor(c.width / 2 + (x + 0.5 - columns / 2) * s);
          const cy = Math.floor(c.height / 2 + (y + 0.5 - rows / 2) * s);
          const i = (cy * c.width + cx) * 4;
          return 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        });
      },
      { columns, rows, points, viewport },
    );
  }

  /** [r, g, b] the canvas shows at image pixel positions, in the same fitted view as sampleAtImagePoints. */
  coloursAtImagePoints(columns: number, rows: number, points: [number, number][], viewport = 'viewport'): Promise<[number, number, number][]> {
    return this.page.evaluate(
      ({ columns, rows, points, viewport }) => {
        const c = document.querySelector<PageCanvas>(`[data-testid="${viewport}"] canvas`)!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const s = Math.min(c.width / columns, c.height / rows);
        return points.map(([x, y]): [number, number, number] => {
          const cx = Math.floor(c.width / 2 + (x + 0.5 - columns / 2) * s);
          const cy = Math.floor(c.height / 2 + (y + 0.5 - rows / 2) * s);
          const i = (cy * c.width + cx) * 4;
          return [d[i], d[i + 1], d[i + 2]];
        });
      },
      { columns, rows, points, viewport },
    );
  }

  /**
   * Where image point (x, y) lies on the page (CSS pixels, for the mouse), in the fitted, centred
   * view sampleAtImagePoints assumes; pixel i spans [i, i + 1), so (i + 0.8) is in its right part.
   */
  pageAtImagePoint(columns: number, rows: number, x: number, y: number, viewport = 'viewport'): Promise<{ x: number; y: number }> {
    return this.page.evaluate(
      ({ columns, rows, x, y, viewport }) => {
        const c = document.querySelector<{ getBoundingClientRect(): { left: number; top: number; width: number; height: number } }>(`[data-testid="${viewport}"] canvas`)!;
        const r = c.getBoundingClientRect();
        const s = Math.min(r.width / columns, r.height / rows);
        return { x: r.left + r.width / 2 + (x - columns / 2) * s, y: r.top + r.height / 2 + (y - rows / 2) * s };
      },
      { columns, rows, x, y, viewport },
    );
  }

  /** Canvas size in device pixels and the viewport's size in CSS pixels. */
  canvasSize(viewport = 'viewport'): Promise<{ width: number; height: number; cssWidth: number; cssHeight: number }> {
    return this.page.evaluate((viewport) => {
      const c = document.querySelector<PageCanvas & { getBoundingClientRect(): { width: number; height: number } }>(`[data-testid="${viewport}"] canvas`)!;
      const r = c.getBoundingClientRect();
      return { width: c.width, height: c.height, cssWidth: r.width, cssHeight: r.height };
    }, viewport);
  }

  /** Presses the left button at `from` and releases it at `to`, both in CSS pixels from the viewport's top left. */
  async dragBetween(from: { x: number; y: number }, to: { x: number; y: number }, viewport = 'viewport'): Promise<void> {
    const box = await this.page.getByTestId(viewport).boundingBox();
    if (!box) throw new Error('viewport not visible');
    await this.page.mouse.move(box.x + from.x, box.y + from.y);
    await this.page.mouse.down();
    for (let i = 1; i <= 10; i++) await this.page.mouse.move(box.x + from.x + ((to.x - from.x) * i) / 10, box.y + from.y + ((to.y - from.y) * i) / 10);
    await this.page.mouse.up();
  }

  /** Clicks at a point in CSS pixels from the viewport's top left. */
  async clickAt(p: { x: number; y: number }, viewport = 'viewport'): Promise<void> {
    const box = await this.page.getByTestId(viewport).boundingBox();
    if (!box) throw new Error('viewport not visible');
    await this.page.mouse.click(box.x + p.x, box.y + p.y);
  }

  /** The measurement list of a viewport's pane, as shown ('main' or 'compare'). */
  measurements(pane: 'main' | 'compare' = 'main'): Locator {
    return this.page.getByTestId(`pane-${pane}`).getByTestId('measurement-value');
  }

  markers(pane: 'main' | 'compare' = 'main'): Promise<{ top: string; right: string; bottom: string; left: string }> {
    const p = this.page.getByTestId(`pane-${pane}`);
    const read = (side: string) => p.getByTestId(`marker-${side}`).innerText();
    return Promise.all([read('top'), read('right'), read('bottom'), read('left')]).then(([top, right, bottom, left]) => ({ top, right, bottom, left }));
  }

  async dragOnImage(dx: number, dy: number, opts: { button?: 'left' | 'right' } = {}): Promise<void> {
    const box = await this.viewport.boundingBox();
    if (!box) throw new Error('viewport not visible');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down({ button: opts.button ?? 'left' });
    for (let i = 1; i <= 8; i++) await this.page.mouse.move(x + (dx * i) / 8, y + (dy * i) / 8);
    await this.page.mouse.up({ button: opts.button ?? 'left' });
  }

  async wheelOnImage(deltaY: number): Promise<void> {
    const box = await this.viewport.boundingBox();
    if (!box) throw new Error('viewport not visible');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.wheel(0, deltaY);
  }

  async hoverImageCentre(): Promise<string> {
    const box = await this.viewport.boundingBox();
    if (!box) throw new Error('viewport not visible');
    await this.page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 3);
    return this.page.getByTestId('pixel-readout').innerText();
  }

  /** Clicks a window preset in the viewer toolbar by its id ('lung', 'bone', 'file-0', ...). */
  async applyPreset(id: string): Promise<void> {
    await this.page.locator(`[data-testid="preset"][data-preset="${id}"]`).click();
  }

  windowReadout(): Promise<string> {
    return this.page.getByTestId('window-readout').innerText();
  }

  /** Waits for the AI panel's probability and returns it as a fraction. */
  async probability(): Promise<number> {
    const el = this.page.getByTestId('probability');
    await el.waitFor({ timeout: 120_000 });
    // The exact score: the text reads "> 99.9%" rather than round a near-certain score to 100.0%.
    return Number(await el.getAttribute('data-probability'));
  }

  /**
   * Waits for the model's answer; when intended-use warnings hold it back, asks to see it anyway
   * (as a user would) and returns the warnings that were shown.
   */
  async revealAnswer(): Promise<string | null> {
    const probability = this.page.getByTestId('probability');
    const reveal = this.page.getByTestId('reveal-probability');
    // The answer of the image on screen, not one left from the study before (shown until the new one comes).
    const shown = await this.page.getByTestId('status-file').getAttribute('title');
    if (shown) await until(async () => (await this.page.getByTestId('ai-panel').getAttribute('data-answer-for')) === shown, 120_000, `the AI answer for ${shown}`);
    await probability.or(reveal).first().waitFor({ timeout: 120_000 });
    if (!(await reveal.isVisible())) return null;
    const warnings = await this.page.getByTestId('ai-warnings').innerText();
    await reveal.click();
    return warnings;
  }

  async waitForHeatMap(): Promise<void> {
    try {
      await this.page.waitForFunction(
        () => {
          const box = document.querySelector<{ disabled: boolean }>('[data-testid="overlay-checkbox"]');
          return Boolean(box && !box.disabled);
        },
        undefined,
        { timeout: 120_000 },
      );
    } catch (err) {
      // Say what the page showed instead: no AI panel, the answer still held back, or no map yet.
      const seen = await this.page.evaluate(() => ({
        aiPanel: document.querySelector('[data-testid="ai-side"]') !== null,
        checkbox: document.querySelector('[data-testid="overlay-checkbox"]') !== null,
        reveal: document.querySelector('[data-testid="reveal-probability"]') !== null,
        said: (document.querySelector('[data-testid="ai-announcement"]') as unknown as { textContent: string | null } | null)?.textContent ?? null,
      }));
      throw new Error(`no heat map to show within 120 s: ${JSON.stringify(seen)}`, { cause: err });
    }
  }

  async setOverlay(visible: boolean): Promise<void> {
    const box = this.page.getByTestId('overlay-checkbox');
    if ((await box.isChecked()) !== visible) await box.click();
  }

  openError(): Locator {
    return this.page.getByTestId('open-error');
  }

  /** Lets cornerstone's render loop draw the latest viewport state. */
  /** Waits until a tenth of the viewport's canvas is lit (an image is drawn there, not just black). */
  async waitForLitCanvas(viewport = 'viewport', timeout = 60_000): Promise<void> {
    await this.page.waitForFunction((id) => {
      const c = document.querySelector<PageCanvas>(`[data-testid="${id}"] canvas`);
      const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 0; d && i < d.length; i += 4 * 97) if (d[i] > 8) lit++;
      return Boolean(d) && lit > d!.length / (4 * 97) / 10;
    }, viewport, { timeout });
  }

  /** Waits until `viewport` has drawn `file` on its canvas (not only been asked to show it), then a frame more. */
  async waitForDrawn(file: string, viewport = 'viewport', timeout = 60_000): Promise<void> {
    await until(async () => (await this.page.getByTestId(viewport).getAttribute('data-drawn')) === file, timeout, `${viewport} drawing ${file}`);
    await this.settle();
  }

  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  }

  /** From now on, records the text the page draws on any canvas (the tools' labels); read with drawnText. */
  async recordCanvasText(): Promise<void> {
    await this.page.evaluate(() => {
      if (globalThis.alveoDrawnText) return;
      const drawn: DrawnText[] = (globalThis.alveoDrawnText = []);
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: { getTransform(): Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', number> }, text: string, x: number, y: number, maxWidth?: number) {
        const m = this.getTransform();
        drawn.push({ text, x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f });
        if (drawn.length > 2000) drawn.splice(0, 1000);
        return fillText.call(this, text, x, y, maxWidth);
      };
    });
  }

  /** The canvas text drawn since recordCanvasText (and empties the record). */
  async drawnText(): Promise<string[]> {
    return (await this.drawnTextAt()).map((d) => d.text);
  }

  /** As drawnText, with where each was drawn (canvas pixels). */
  drawnTextAt(): Promise<DrawnText[]> {
    return this.page.evaluate(() => (globalThis.alveoDrawnText ?? []).splice(0));
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
