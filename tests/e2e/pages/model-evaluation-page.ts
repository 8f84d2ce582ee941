// Page object for "Evaluate on a folder…" in the model manager's model detail.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface ShownConfusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export class ModelEvaluationPage {
  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  section(): Locator {
    return this.page.getByTestId('model-evaluate');
  }

  /** Types the folder, presses Evaluate, and waits for the run to end (done, failed or stopped). */
  async evaluate(dir: string, timeoutMs = 240_000): Promise<string> {
    await this.page.getByTestId('evaluation-folder').fill(dir);
    await this.page.getByTestId('evaluation-start').click();
    await this.page.locator('[data-testid="model-evaluate"]:is([data-status="done"], [data-status="failed"], [data-status="cancelled"])').waitFor({ timeout: timeoutMs });
    return (await this.section().getAttribute('data-status')) ?? '';
  }

  async n(): Promise<number> {
    return Number(await this.page.getByTestId('evaluation-n').getAttribute('data-n'));
  }

  async classes(): Promise<{ NORMAL: number; PNEUMONIA: number }> {
    const el = this.page.getByTestId('evaluation-classes');
    return { NORMAL: Number(await el.getAttribute('data-normal')), PNEUMONIA: Number(await el.getAttribute('data-pneumonia')) };
  }

  async confusion(): Promise<ShownConfusion> {
    const cm = this.page.getByTestId('evaluation-confusion');
    const cell = async (k: keyof ShownConfusion) => Number(await cm.getByTestId(`cm-${k}`).getAttribute('data-value'));
    return { tp: await cell('tp'), fp: await cell('fp'), tn: await cell('tn'), fn: await cell('fn') };
  }

  /** The figure as shown, e.g. '0.912', '83.3%' or 'n/a (no PNEUMONIA images)'. */
  async metric(key: 'auc' | 'sensitivity' | 'specificity' | 'precision' | 'f1' | 'accuracy'): Promise<string> {
    // The value cell only: the row's heading is styled in capitals.
    return (await this.page.getByTestId(`evaluation-metric-${key}`).locator('td').first().innerText()).replace(/\s+/g, ' ').trim();
  }

  async warnings(): Promise<string[]> {
    return this.page.getByTestId('evaluation-warning').allInnerTexts();
  }

  /** The failed (or skipped) files as shown: file path and the text of its line. */
  async files(kind: 'failed' | 'skipped'): Promise<Array<{ file: string; text: string }>> {
    return this.page.$$eval(`[data-testid="evaluation-${kind}-item"]`, (els) =>
      els.map((el) => ({ file: el.getAttribute('data-file') ?? '', text: (el.textContent ?? '').replace(/\s+/g, ' ').trim() })),
    );
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${name}.png`);
    await this.section().scrollIntoViewIfNeeded();
    await this.page.screenshot({ path });
    return path;
  }
}
