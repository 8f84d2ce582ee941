// Page object for the worklist tab: score a folder, read the rows as a user sees them, sort,
// filter, search, export, open a row.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from '../support/until';

export interface ShownRow {
  file: string;
  label: string;
  probability: number | null;
  error: string | null;
  warnings: string | null;
  /** What is said beside the answer (a JPEG's population unchecked, the site policy's choice), when there are no warnings. */
  notes: string | null;
}

export class WorklistPage {
  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  async show(): Promise<void> {
    await this.page.getByTestId('tab-worklist').click();
    await this.page.getByTestId('worklist-panel').waitFor();
  }

  /** Types the folder, sets the recursive box and starts scoring (waits for the new run, not its end). */
  async start(folder: string, recursive = true): Promise<void> {
    const progress = this.page.getByTestId('worklist-progress');
    const run = Number(await progress.getAttribute('data-run'));
    await this.page.getByTestId('worklist-folder').fill(folder);
    await this.page.getByTestId('worklist-recursive').setChecked(recursive);
    await this.page.getByTestId('worklist-start').click();
    await this.page.locator(`[data-testid="worklist-progress"][data-run="${run + 1}"]`).waitFor();
  }

  status(): Promise<string | null> {
    return this.page.getByTestId('worklist-progress').getAttribute('data-status');
  }

  /** Waits until the run has ended (done, cancelled or failed) and returns how it ended. */
  async waitForEnd(timeout = 120_000): Promise<string> {
    await this.page.waitForSelector('[data-testid="worklist-progress"]:is([data-status="done"],[data-status="cancelled"],[data-status="failed"])', { timeout });
    return (await this.status()) ?? '';
  }

  async waitForRows(n: number, timeout = 60_000): Promise<void> {
    await this.rowsLocator().nth(n - 1).waitFor({ timeout });
  }

  rowsLocator(): Locator {
    return this.page.getByTestId('worklist-row');
  }

  /** The rows on screen, top to bottom (the grid renders the visible window only). */
  rows(): Promise<ShownRow[]> {
    return this.page.$$eval('[data-testid="worklist-row"]', (els) =>
      els.map((el) => {
        // The exact score (the text says "> 99.9%" rather than round a near-certain score to 100.0%).
        const p = el.querySelector('[data-testid="row-probability"]')?.getAttribute('data-probability') ?? null;
        return {
          file: el.getAttribute('data-file') ?? '',
          label: el.getAttribute('data-label') ?? '',
          // "held back" (intended-use warnings) shows no number
          probability: p === null || p === '' ? null : Number(p),
          error: el.querySelector('[data-testid="row-error"]')?.textContent ?? null,
          warnings: el.querySelector('[data-testid="row-warnings"]')?.textContent ?? null,
          notes: el.querySelector('[data-testid="row-notes"]')?.textContent ?? null,
        };
      }),
    );
  }

  /** What a screen reader gets of the rows on screen: their place in the grid, name and description. */
  rowsSpoken(): Promise<{ file: string; rowIndex: number; name: string; description: string | null }[]> {
    return this.page.$$eval('[data-testid="worklist-row"]', (els) =>
      els.map((el) => {
        const ids = el.getAttribute('aria-describedby');
        // Browser globals inside the page function (no DOM library in the Node test config).
        const doc = (el as unknown as { ownerDocument: { getElementById(id: string): { textContent: string | null } | null } }).ownerDocument;
        return {
          file: el.getAttribute('data-file') ?? '',
          rowIndex: Number(el.getAttribute('aria-rowindex')),
          name: el.getAttribute('aria-label') ?? '',
          description: ids ? ids.split(' ').map((id: string) => doc.getElementById(id)?.textContent ?? '').join(' ') : null,
        };
      }),
    );
  }

  /** The column header holding a sort button, as a screen reader finds it (aria-sort). */
  sortState(key: 'probability' | 'file' | 'patient' | 'label'): Promise<string | null> {
    return this.page.locator('[role="columnheader"]').filter({ has: this.page.getByTestId(`sort-${key}`) }).getAttribute('aria-sort');
  }

  /** The polite status lines: the run's (start / end) and the filter's (rows shown). */
  announced(which: 'run' | 'filter'): Promise<string> {
    return this.page.getByTestId(which === 'run' ? 'worklist-announce' : 'worklist-filter-announce').innerText();
  }

  async filter(name: 'all' | 'pneumonia' | 'normal' | 'errors' | 'warnings'): Promise<void> {
    await this.page.getByTestId(`filter-${name}`).click();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('worklist-search').fill(text);
  }

  async sortBy(key: 'probability' | 'file' | 'patient' | 'label'): Promise<void> {
    await this.page.getByTestId(`sort-${key}`).click();
  }

  text(testId: string): Promise<string> {
    return this.page.getByTestId(testId).innerText();
  }

  /** Waits until at least n thumbnails have decoded into real pixels. */
  async waitForThumbnails(n: number, timeout = 60_000): Promise<void> {
    await until(async () => (await this.loadedThumbnails()) >= n, timeout, `${n} thumbnails`);
  }

  /** Thumbnails that have decoded into real pixels. */
  loadedThumbnails(): Promise<number> {
    return this.page.$$eval('[data-testid="row-thumbnail"]', (imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length);
  }

  async exportCsv(file: string, includeIdentifiers: boolean): Promise<string> {
    await this.page.getByTestId('worklist-export').click();
    await this.page.getByTestId('export-identifiers').setChecked(includeIdentifiers);
    await this.page.getByTestId('export-path').fill(file);
    await this.page.getByTestId('export-save').click();
    // Saved or refused (export-result), or asking before replacing a file (export-replace).
    const answer = this.page.getByTestId('export-result').or(this.page.getByTestId('export-replace'));
    await answer.waitFor();
    return answer.innerText();
  }

  /** Opens the export dialog and returns the path it proposes, then saves there. */
  async exportToProposed(): Promise<{ proposed: string; answer: string }> {
    await this.page.getByTestId('worklist-export').click();
    const proposed = await this.page.getByTestId('export-path').inputValue();
    await this.page.getByTestId('export-save').click();
    const answer = this.page.getByTestId('export-result').or(this.page.getByTestId('export-replace'));
    await answer.waitFor();
    return { proposed, answer: await answer.innerText() };
  }

  async closeExport(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.getByTestId('export-dialog').waitFor({ state: 'detached' });
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
