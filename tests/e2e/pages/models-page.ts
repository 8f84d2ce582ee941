// Page object for the model manager tab.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from '../support/until';

// Browser globals used inside page functions (no DOM library in the Node test config).
interface PageElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
}
declare const document: { activeElement: PageElement | null; body: unknown };

export interface ListedModel {
  id: string;
  name: string;
  active: boolean;
}

export class ModelsPage {
  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  async show(): Promise<void> {
    await this.page.getByTestId('tab-models').click();
    await this.page.getByTestId('models-panel').waitFor();
  }

  async waitForModels(n: number): Promise<void> {
    await until(async () => (await this.page.getByTestId('model-row').count()) === n, 30_000, `${n} models listed`);
  }

  listed(): Promise<ListedModel[]> {
    return this.page.$$eval('[data-testid="model-row"]', (els) =>
      els.map((el) => ({
        id: el.getAttribute('data-model-id') ?? '',
        name: el.querySelector('.name')?.textContent?.trim() ?? '',
        active: el.getAttribute('data-active') === 'true',
      })),
    );
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="model-row"][data-model-id="${id}"]`);
  }

  async select(id: string): Promise<void> {
    await this.row(id).click();
    await this.page.locator(`[data-testid="model-detail"][data-model-id="${id}"]`).waitFor();
  }

  button(testId: 'model-activate' | 'model-rename' | 'model-export' | 'model-delete' | 'model-import'): Locator {
    return this.page.getByTestId(testId);
  }

  /** Waits for the notice after an action and returns it. */
  async notice(containing: string | RegExp): Promise<string> {
    const n = this.page.getByTestId('models-notice').filter({ hasText: containing });
    await n.waitFor({ timeout: 30_000 });
    return n.innerText();
  }

  async activate(id: string): Promise<void> {
    await this.select(id);
    await this.button('model-activate').click();
    await this.page.locator(`[data-testid="model-row"][data-model-id="${id}"][data-active="true"]`).waitFor({ timeout: 30_000 });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.select(id);
    await this.button('model-rename').click();
    await this.page.getByTestId('rename-input').fill(name);
    await this.page.getByTestId('rename-save').click();
    await this.page.getByTestId('model-detail-name').filter({ hasText: name }).waitFor();
  }

  async remove(id: string): Promise<void> {
    await this.select(id);
    await this.button('model-delete').click();
    await this.page.getByTestId('model-delete-confirm').click();
    await this.row(id).waitFor({ state: 'detached', timeout: 30_000 });
  }

  /** Goes through the folder chooser: types the folder, goes there, chooses it. */
  async chooseFolder(dir: string): Promise<void> {
    const chooser = this.page.getByTestId('folder-chooser');
    await chooser.waitFor();
    // Its first listing first: arriving between fill()'s select-all and its typing, it was written
    // into the field and the typed path appended to it ('/root' + '/tmp/…', seen once in CI).
    await this.page.getByTestId('chooser-choose').and(this.page.locator(':enabled')).waitFor({ timeout: 30_000 });
    await this.page.getByTestId('chooser-path').fill(dir);
    await this.page.getByTestId('chooser-path').press('Enter');
    // The chooser has listed dir (its field reads dir as soon as it is typed, before the listing).
    // Generous under a loaded CI machine; on failure, what the chooser showed instead.
    const at = async () => (await chooser.getAttribute('data-path')) === dir && (await chooser.getAttribute('data-loading')) === 'false';
    await until(at, 30_000, `chooser at ${dir}`).catch(async (err: Error) => {
      const field = await this.page.getByTestId('chooser-path').inputValue();
      throw new Error(`${err.message}; the field reads '${field}', the chooser shows: ${(await chooser.innerText()).slice(0, 400)}`);
    });
    await this.page.getByTestId('chooser-choose').click();
    await chooser.waitFor({ state: 'detached' });
  }

  async exportTo(id: string, dir: string): Promise<string> {
    await this.select(id);
    await this.button('model-export').click();
    await this.chooseFolder(dir);
    return this.notice('Exported');
  }

  /**
   * Types `dir` into the chooser and clicks Choose at once, without Enter or waiting for its
   * listing (a quick user). Returns the chooser's error when it stays open, null once it closed.
   */
  async chooseTyped(dir: string): Promise<string | null> {
    const chooser = this.page.getByTestId('folder-chooser');
    await this.page.getByTestId('chooser-choose').and(this.page.locator(':enabled')).waitFor({ timeout: 30_000 });
    await this.page.getByTestId('chooser-path').fill(dir);
    const alert = chooser.getByRole('alert');
    // The last attempt's error goes when this one starts: wait for that, or the race below would take it for this one's.
    const stale = (await alert.count()) > 0;
    await this.page.getByTestId('chooser-choose').click();
    if (stale) await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await Promise.race([chooser.waitFor({ state: 'detached', timeout: 30_000 }), alert.waitFor({ timeout: 30_000 })]);
    return (await chooser.count()) === 0 ? null : alert.innerText();
  }

  async importFrom(dir: string): Promise<string> {
    await this.button('model-import').click();
    await this.chooseFolder(dir);
    return this.notice(/Imported|:/);
  }

  /** The data-testid (else the tag and text) of the element with the keyboard focus; 'BODY' when none has it. */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'BODY';
      return el.getAttribute('data-testid') ?? `${el.tagName}:${(el.textContent ?? '').trim().slice(0, 30)}`;
    });
  }

  /** An attribute of the element with the keyboard focus. */
  focusedAttribute(name: string): Promise<string | null> {
    return this.page.evaluate((n) => document.activeElement?.getAttribute(n) ?? null, name);
  }

  /**
   * Presses Tab (then Shift+Tab) `presses` times each inside the dialog `testId`; returns where the
   * keyboard went each time it left the dialog (empty when it never did).
   */
  async tabOutside(testId: string, presses = 20): Promise<string[]> {
    const out: string[] = [];
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < presses; i++) {
        await this.page.keyboard.press(key);
        const inside = await this.page.evaluate((id) => Boolean(document.activeElement?.closest(`[data-testid="${id}"]`)), testId);
        if (!inside) out.push(`${key} ${i + 1}: ${await this.focused()}`);
      }
    }
    return out;
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
