// "Keep on the model's card" in the model manager, in Chromium against the web host and the real
// engine: a calibrated model that separated its site perfectly asks to be checked on other labelled
// images; once an independent evaluation on 20 images is kept, the model detail lists it under
// "Measured performance" as independent with its n, and the Make active caution quotes it instead.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SiteFigures } from '../../src-main/api/adaptation';
import type { ModelCard } from '../../src-main/api/model-card';
import { defaultCard } from '../../src-main/engine/model/card-file';
import { ModelStore } from '../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../src-main/engine/model/resnet18';
import { writeImage } from '../engine/training/support/draw-images';
import { ModelEvaluationPage } from './pages/model-evaluation-page';
import { ModelsPage } from './pages/models-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';

describe('keep an evaluation on the model card', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;

  before(async () => {
    app = await startApp();
    const tf = await app.engine.tf();
    const figures: SiteFigures = { threshold: 0.5, temperature: 1, n: 49, sensitivity: { value: 1, low: 0.9, high: 1 }, specificity: { value: 1, low: 0.9, high: 1 }, auc: 1, logLoss: 0.1, ece: 0, confusion: { tp: 25, fp: 0, tn: 24, fn: 0 }, roc: [] };
    const card: ModelCard = {
      ...defaultCard({ id: 'cal', inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' } }),
      name: 'Site calibrated',
      calibration: {
        temperature: 1,
        targetSensitivity: 0.95,
        method: 'calibrate',
        site: { root: join(app.scratch, 'site'), images: { NORMAL: 24, PNEUMONIA: 25 }, patients: { NORMAL: 24, PNEUMONIA: 25 }, skipped: 0 },
        fittedOn: 'all site images',
        before: figures,
        after: figures,
        notes: [],
        separated: true,
        bootstrap: { replicates: 50, unit: 'patient', seed: 1 },
      },
    };
    const model = buildResNet18(tf, { inputSize: 32, seed: 5 });
    try {
      await new ModelStore({ builtInDir: join(app.scratch, 'none'), userDir: join(app.scratch, 'home') }).saveModel(tf, model, card);
    } finally {
      model.dispose();
    }
    for (let i = 0; i < 10; i++) {
      await writeImage(join(app.scratch, 'independent', 'NORMAL', `n${i}.png`), 'png', 40, i, false);
      await writeImage(join(app.scratch, 'independent', 'PNEUMONIA', `p${i}.png`), 'png', 40, 20 + i, true);
    }
  });
  after(async () => {
    await app?.close();
  });

  test('keep an independent evaluation: listed in the detail, and the Make active caution changes', async () => {
    const models = new ModelsPage(app.page, SCREENSHOTS);
    const evaluation = new ModelEvaluationPage(app.page, SCREENSHOTS);
    await models.show();
    await models.select('cal');
    const caution = app.page.getByTestId('model-caution');
    assert.match(await caution.innerText(), /Check it on other labelled images first/);
    assert.equal(await app.page.getByTestId('kept-evaluation').count(), 0);

    assert.equal(await evaluation.evaluate(join(app.scratch, 'independent')), 'done');
    await app.page.getByTestId('evaluation-keep').click();
    await app.page.getByTestId('evaluation-kept').waitFor({ timeout: 30_000 });

    const row = app.page.getByTestId('kept-evaluation');
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await row.getAttribute('data-in-sample'), 'false');
    assert.equal(await row.getByTestId('kept-evaluation-kind').innerText(), 'Independent');
    assert.match(await row.getByTestId('kept-evaluation-n').innerText(), /^20 /);
    const after = await caution.innerText();
    assert.doesNotMatch(after, /Check it on other labelled images first/);
    assert.match(after, /Checked on 20 images it was not fitted on/);
    await app.page.screenshot({ path: join(SCREENSHOTS, 'model-keep-evaluation.png'), fullPage: true });
  });
});
