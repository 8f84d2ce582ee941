// The worklist's "Fast: one view" with the shipped model (served with 5 test-time views): offered
// where the card has a one-view threshold; a run with it gives PyTorch's one-view probabilities, a
// run without it PyTorch's 5-view ones, each at its own threshold; the run says it was one view, and
// the DICOM save says its results are read with the views.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelCard } from '../../src-main/api/model-card';
import { pytorchValidation } from '../engine/inference/support/pytorch-validation';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, REPO_ROOT, SCREENSHOTS, sharedFile } from './support/shared-data';

describe('worklist: fast one-view scoring', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(() => app?.close());

  test('one view gives the one-view probabilities, the views give theirs; the run and the DICOM save say which', async (t) => {
    const card = JSON.parse(await readFile(join(REPO_ROOT, 'models', 'default', 'card.json'), 'utf8')) as ModelCard;
    if (!card.testTimeAugmentation?.oneView) return t.skip('the default model has no test-time views');
    const expected = pytorchValidation().filter((_, i) => i % 300 === 0);
    const folder = join(app.scratch, 'one-view');
    await mkdir(folder, { recursive: true });
    for (const s of expected) {
      const src = sharedFile(`kermany-224/train/${s.label ? 'PNEUMONIA' : 'NORMAL'}/${s.file}`);
      if (!src) return t.skip(missingData('kermany-224/train'));
      await copyFile(src, join(folder, s.file));
    }
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    const fast = app.page.getByTestId('worklist-one-view');
    const shownAs = async () => new Map((await list.rows()).map((r) => [r.file.split('/').pop() ?? r.file, r.probability]));
    const close = (a: number | null | undefined, b: number | undefined) => a != null && b !== undefined && Math.abs(a - b) < 0.0011; // PyTorch within 5e-4, shown to 0.1%

    await fast.check();
    await list.start(folder, false);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(expected.length);
    const one = await shownAs();
    for (const s of expected) assert.ok(close(one.get(s.file), s.probability), `${s.file}: one view ${one.get(s.file)}, PyTorch ${s.probability}`);
    assert.match(await list.text('worklist-active-model'), /\(one view\)/i);
    await app.page.getByTestId('worklist-dicom-save').click();
    const note = app.page.getByTestId('worklist-dicom-one-view');
    assert.equal(await note.innerText(), "Results use the model's views, not one");
    assert.match((await note.getAttribute('title')) ?? '', /numbers can differ a little from this list/);
    await list.screenshot('worklist-one-view');

    await fast.uncheck();
    await list.start(folder, false);
    assert.equal(await list.waitForEnd(), 'done');
    await list.waitForRows(expected.length);
    const served = await shownAs();
    for (const s of expected) assert.ok(close(served.get(s.file), s.probabilityTta), `${s.file}: served ${served.get(s.file)}, PyTorch 5 views ${s.probabilityTta}`);
    assert.doesNotMatch(await list.text('worklist-active-model'), /one view/i);
    assert.deepEqual(app.consoleErrors, []);
  });
});
