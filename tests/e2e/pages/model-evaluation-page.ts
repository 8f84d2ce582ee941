// Page object for "Evaluate on a folder…" in the model manager's model detail.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

// Browser globals used inside page functions (no DOM library in the Node test config).
declare const document: {
  activeElement: { tagName: string; getAttribute(name: string): string | null } | null;
  body: unknown;
  elementFromPoint(x: number, y: number): unknown;
};
declare const window: { innerWidth: number; innerHeight: number };

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

  /** Waits until the run has ended (done, failed or stopped); returns how. */
  async waitForEnd(timeoutMs = 240_000): Promise<string> {
    await this.page.locator('[data-testid="model-evaluate"]:is([data-status="done"], [data-status="failed"], [data-status="cancelled"])').waitFor({ timeout: timeoutMs });
    return (await this.section().getAttribute('data-status')) ?? '';
  }

  /** The data-testid of the element with the keyboard focus ('BODY' when none has it, 'tag:…' when it has none). */
  focusedTestId(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'BODY';
      return el.getAttribute('data-testid') ?? `tag:${el.tagName}`;
    });
  }

  /** Where the keyboard is once the run has started (or already ended): polled, as focus moves after a render. */
  async focusAfterStart(timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    let at = await this.focusedTestId();
    while (['BODY', 'evaluation-folder', 'evaluation-start'].includes(at) && Date.now() < end) {
      await this.page.waitForTimeout(50);
      at = await this.focusedTestId();
    }
    return at;
  }

  /** The text of the section's polite status (said when a run ends). */
  async announced(): Promise<string> {
    const status = this.section().getByRole('status').and(this.page.getByTestId('evaluation-announce'));
    return ((await status.textContent()) ?? '').trim();
  }

  /** Whether the element is inside the window and is what a click at its centre would hit. */
  fullyVisible(el: Locator): Promise<boolean> {
    return el.evaluate((node) => {
      const r = node.getBoundingClientRect();
      const inside = r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return inside && r.width > 0 && (hit === node || node.contains(hit as never));
    });
  }

  /** The confusion matrix as a table: its column headers and, per row, the row header and cells. */
  async confusionTable(): Promise<{ columns: string[]; rows: string[][] }> {
    const table = this.page.getByTestId('evaluation-confusion').getByRole('table');
    const text = (s: string) => s.replace(/\s+/g, ' ').trim();
    const columns = (await table.getByRole('columnheader').allTextContents()).map(text);
    const rows: string[][] = [];
    for (const row of await table.locator('tbody tr').all()) {
      rows.push([text((await row.getByRole('rowheader').textContent()) ?? ''), ...(await row.getByRole('cell').allInnerTexts()).map(text)]);
    }
    return { columns, rows };
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
