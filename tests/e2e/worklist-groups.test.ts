// "Group by study" in Chromium: each DICOM study gets a header line naming it (description,
// patient, date, image count) with its images under it; plain images stand alone; ungrouped, no headers.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeChestJpeg, writeStudyImage } from '../engine/study-sets/study-set-files';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

describe('worklist: group by study', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(() => app?.close());

  test('a header line per study, its images under it; none when ungrouped', async () => {
    const folder = join(app.scratch, 'grouped');
    await mkdir(folder, { recursive: true });
    const S = '1.2.826.0.1.3680043.9.77';
    const jane = { PatientName: 'Doe^Jane' };
    await writeStudyImage(join(folder, 'a-pa.dcm'), { study: `${S}.1`, series: `${S}.1.1`, view: 'PA', description: 'CHEST PA AND AP' }, { attributes: jane });
    await writeStudyImage(join(folder, 'b-pa.dcm'), { study: `${S}.2`, series: `${S}.2.1`, view: 'PA', date: '20240302', description: 'CHEST FOLLOW-UP' }, { attributes: jane });
    await writeStudyImage(join(folder, 'a-ap.dcm'), { study: `${S}.1`, series: `${S}.1.2`, view: 'AP', description: 'CHEST PA AND AP' }, { attributes: jane });
    await writeChestJpeg(folder, 'plain.jpg');
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    await list.start(folder, false);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(4);
    await list.sortBy('file');
    const lines = () =>
      app.page.$$eval('[data-testid="worklist-study"], [data-testid="worklist-row"]', (els) =>
        els.map((el) => (el.getAttribute('data-testid') === 'worklist-study' ? `# ${el.textContent?.replace(/\s+/g, ' ').trim()}` : el.getAttribute('data-file') ?? '')),
      );
    assert.equal(await app.page.getByTestId('worklist-study').count(), 0, 'headers before grouping');
    await app.page.getByTestId('worklist-group-by-study').check();
    await app.page.getByTestId('worklist-study').first().waitFor();
    const shown = (await lines()).map((l) => (l.startsWith('#') ? l : basename(l)));
    assert.equal(shown.length, 6, shown.join('\n'));
    assert.match(shown[0], /^# CHEST PA AND AP · Doe, Jane · 2024-01-01 .*2 images( · \d suspected)?( · \d held back)?$/);
    assert.deepEqual(shown.slice(1, 3), ['a-ap.dcm', 'a-pa.dcm']);
    assert.match(shown[3], /^# CHEST FOLLOW-UP · Doe, Jane · 2024-03-02 .*1 image\b/);
    assert.deepEqual(shown.slice(4), ['b-pa.dcm', 'plain.jpg']);
    await list.screenshot('worklist-grouped');
    await app.page.getByTestId('worklist-group-by-study').uncheck();
    await app.page.getByTestId('worklist-study').first().waitFor({ state: 'detached' });
    assert.deepEqual((await lines()).map((l) => basename(l)), ['a-ap.dcm', 'a-pa.dcm', 'b-pa.dcm', 'plain.jpg']);
    assert.deepEqual(app.consoleErrors, []);
  });
});
