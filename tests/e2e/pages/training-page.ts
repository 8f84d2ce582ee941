// Page object for the training tab: the three steps as a user goes through them, and what the
// panel shows (summary counts, split, curves as drawn SVG paths, report figures).
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface ClassRow {
  images: number;
  patients: number;
}

export interface SplitRow {
  part: string;
  images: number;
  patients: number;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface BasicOptions {
  base: 'active' | 'scratch' | 'stored';
  epochs: number;
  inputSize: number;
  batchSize: number;
  name?: string;
  /** Advanced: validation share in percent. */
  valPercent?: number;
  augment?: boolean;
}

const num = (s: string | null): number => Number((s ?? '').replace(/[^\d.-]/g, ''));

export class TrainingPage {
  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  async show(): Promise<void> {
    await this.page.getByTestId('tab-training').click();
    await this.page.getByTestId('training-panel').waitFor();
  }

  async readFolder(dir: string): Promise<void> {
    await this.page.getByTestId('training-folder').fill(dir);
    await this.page.getByTestId('training-read').click();
    await this.page.locator('[data-testid="training-read"]:not([disabled])').waitFor({ timeout: 60_000 });
    await this.page.getByTestId('training-summary').waitFor({ timeout: 60_000 });
  }

  async classRow(name: 'NORMAL' | 'PNEUMONIA'): Promise<ClassRow> {
    const row = this.page.locator(`[data-testid="summary-class"][data-class="${name}"]`);
    return {
      images: num(await row.getByTestId('summary-images').innerText()),
      patients: num(await row.getByTestId('summary-patients').innerText()),
    };
  }

  async attr(testId: string, name: string): Promise<number> {
    return num(await this.page.getByTestId(testId).getAttribute(name));
  }

  text(testId: string): Promise<string> {
    return this.page.getByTestId(testId).innerText();
  }

  splitRows(): Promise<SplitRow[]> {
    return this.page.$$eval('[data-testid="split-part"]', (els) =>
      els.map((el) => ({
        part: el.getAttribute('data-part') ?? '',
        images: Number(el.getAttribute('data-images')),
        patients: Number(el.getAttribute('data-patients')),
      })),
    );
  }

  /** Step 2 with the given start and options (the advanced section opened only when needed). */
  async setup(o: BasicOptions): Promise<void> {
    await this.page.getByTestId('training-next-setup').click();
    await this.page.getByTestId('training-step-setup').waitFor();
    await this.page.getByTestId(`base-${o.base}`).check();
    // The defaults for the chosen start arrive from the engine (the input size follows the start).
    if (o.base !== 'stored') await this.page.locator(`[data-testid="training-step-setup"][data-options-for="${o.base}"]`).waitFor();
    await this.page.getByTestId('opt-epochs').fill(String(o.epochs));
    await this.page.getByTestId('opt-size').selectOption(String(o.inputSize));
    await this.page.getByTestId('opt-batch').fill(String(o.batchSize));
    if (o.name !== undefined) await this.page.getByTestId('opt-name').fill(o.name);
    if (o.valPercent !== undefined || o.augment !== undefined) {
      await this.page.locator('[data-testid="training-advanced-toggle"] > summary').click();
      if (o.valPercent !== undefined) await this.page.getByTestId('opt-val-fraction').fill(String(o.valPercent));
      if (o.augment !== undefined) await this.page.getByTestId('opt-augment').setChecked(o.augment);
    }
  }

  /** Waits until the plan shows the split for the options set (the preview follows the validation share). */
  async waitForPlan(valImages: number): Promise<void> {
    await this.page.locator(`[data-testid="training-plan"][data-val-images="${valImages}"]`).waitFor({ timeout: 30_000 });
  }

  async start(): Promise<void> {
    // The split is read again 400 ms after an option changes, and Start is disabled meanwhile: a
    // click that lands in that moment does nothing (the run view never comes), so click again.
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('[data-testid="training-start"]:not([disabled])').click({ timeout: 30_000 });
      try {
        await this.page.getByTestId('training-run').waitFor({ timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  status(): Promise<string | null> {
    return this.page.getByTestId('training-run').getAttribute('data-status');
  }

  /** Waits for the run to end; returns how it ended (done, cancelled, failed). */
  async waitForEnd(timeout = 120_000): Promise<string> {
    // Attribute selectors, not a page function: the app's CSP forbids the eval a string predicate needs.
    const ended = ['done', 'cancelled', 'failed'].map((s) => `[data-status="${s}"]`).join(',');
    await this.page.locator(`[data-testid="training-run"]:is(${ended})`).waitFor({ timeout });
    return (await this.status()) ?? '';
  }

  /** Waits until the run is in its batches (progress arrived from the worker). */
  async waitForTraining(timeout = 60_000): Promise<void> {
    await this.page.getByTestId('training-stage').filter({ hasText: /batch \d+ of \d+|validating/ }).waitFor({ timeout });
  }

  /** Waits until `n` epochs have ended (their validation points are on the curves). */
  async waitForEpochs(n: number, timeout = 60_000): Promise<void> {
    const at = Array.from({ length: 50 }, (_, i) => `[data-epochs="${n + i}"]`).join(',');
    await this.page.locator(`[data-testid="training-curves"]:is(${at})`).waitFor({ timeout });
  }

  async cancel(choice: 'keep' | 'discard'): Promise<void> {
    await this.page.getByTestId('training-cancel').click();
    await this.page.getByTestId(`training-cancel-${choice}`).click();
  }

  /** Points of a drawn curve (its SVG path's vertex count), 0 when the path is absent. */
  async curvePoints(chartTestId: string, series: string): Promise<number> {
    const path = this.page.locator(`[data-testid="${chartTestId}"] path[data-series="${series}"]`);
    if ((await path.count()) === 0) return 0;
    const d = (await path.getAttribute('d')) ?? '';
    return (d.match(/[ML]/g) ?? []).length;
  }

  async waitForReport(timeout = 90_000): Promise<void> {
    await this.page.getByTestId('training-report').waitFor({ timeout });
    await this.page.getByTestId('report-pending').first().waitFor({ state: 'detached', timeout });
  }

  async confusion(testId = 'confusion-new'): Promise<Confusion> {
    const cm = this.page.getByTestId(testId);
    const v = async (k: string) => num(await cm.getByTestId(`cm-${k}`).getAttribute('data-value'));
    return { tp: await v('tp'), fp: await v('fp'), tn: await v('tn'), fn: await v('fn') };
  }

  reportModelId(): Promise<string | null> {
    return this.page.getByTestId('training-report').getAttribute('data-model-id');
  }

  button(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** A screenshot; `height` makes the window that tall first (the panel scrolls inside itself). */
  async screenshot(name: string, height?: number): Promise<string> {
    const path = join(this.screenshotDir, `${name}.png`);
    const size = this.page.viewportSize();
    if (height && size) await this.page.setViewportSize({ width: size.width, height });
    try {
      await this.page.screenshot({ path });
    } finally {
      if (height && size) await this.page.setViewportSize(size);
    }
    return path;
  }
}
