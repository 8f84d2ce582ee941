// Page object for the PACS tab: add a node, pick one, test it, search, and read the result rows
// (and which node they came from) as a user sees them.
import type { Page } from 'playwright-core';
import { until } from '../support/until';

export class PacsPage {
  constructor(readonly page: Page) {}

  async show(): Promise<void> {
    await this.page.getByTestId('tab-pacs').click();
    await this.page.getByTestId('pacs-panel').waitFor();
  }

  /** A new node from the form; it becomes the selected node once saved. */
  async addNode(name: string, address: string, auth?: { user: string; password: string }): Promise<void> {
    await this.page.getByTestId('pacs-node-new').click();
    await this.page.getByTestId('pacs-node-name').fill(name);
    await this.page.getByTestId('pacs-node-address').fill(address);
    if (auth) {
      await this.page.getByTestId('pacs-node-user').fill(auth.user);
      await this.page.getByTestId('pacs-node-password').fill(auth.password);
    }
    await this.page.getByTestId('pacs-node-save').click();
    await this.page.getByTestId('pacs-message').filter({ hasText: `Saved ${name}` }).waitFor();
  }

  async selectNode(name: string): Promise<void> {
    await this.page.getByTestId('pacs-node').filter({ hasText: name }).click();
  }

  /** Test connection on the selected node: the one line shown (error or "answered in"). */
  async echo(): Promise<string> {
    await this.page.getByTestId('pacs-echo').click();
    const shown = this.page.getByTestId('pacs-error').or(this.page.getByTestId('pacs-message').filter({ hasText: /answered in/ }));
    await shown.first().waitFor({ timeout: 30_000 });
    return (await shown.first().innerText()).trim();
  }

  /** Searches by patient ID (any modality) and waits until `expected` rows (or "No study matches.") show. */
  async searchPatientId(patientId: string, expected: number): Promise<void> {
    await this.page.getByTestId('pacs-patient-id').fill(patientId);
    await this.page.getByTestId('pacs-patient-name').fill('');
    await this.page.getByTestId('pacs-modalities').fill('');
    await this.page.getByTestId('pacs-search').click();
    const done = expected ? async () => (await this.rowCount()) === expected : async () => (await this.page.getByTestId('pacs-none').count()) === 1;
    await until(done, 20_000, `${expected} study row(s) for ${patientId}`);
  }

  rowCount(): Promise<number> {
    return this.page.getByTestId('pacs-study').count();
  }

  /** "1 study on Test Orthanc": the node the rows on screen came from. */
  async rowsFrom(): Promise<string> {
    return (await this.page.getByTestId('pacs-studies-node').innerText()).trim();
  }
}
