// Comparing models on one folder in the model manager, in Chromium against the web host and the real
// engine: two small installed models are evaluated one after the other on the same labelled folder;
// the comparison shows a row per model with the AUC the engine itself reports for it, both ROC curves
// in one plot, and stays on screen when another model is selected.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultCard } from '../../src-main/engine/model/card-file';
import { ModelStore } from '../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../src-main/engine/model/resnet18';
import { writeImage } from '../engine/training/support/draw-images';
import { ModelEvaluationPage } from './pages/model-evaluation-page';
import { ModelsPage } from './pages/models-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';
import { engineReport } from './support/engine-report';
import { pairedComparison } from '../../src-main/engine/training/paired-comparison';
import { signedInterval } from '../../src-renderer/src/panels/models/comparison-format';

const IDS = ['cmp-a', 'cmp-b'] as const;

describe('compare models on one folder', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let data = '';

  before(async () => {
    app = await startApp();
    const tf = await app.engine.tf();
    const store = new ModelStore({ builtInDir: join(app.scratch, 'none'), userDir: join(app.scratch, 'home') });
    for (const [i, id] of IDS.entries()) {
      const model = buildResNet18(tf, { inputSize: 32, seed: 5 + i });
      try {
        await store.saveModel(tf, model, { ...defaultCard({ id, inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' } }), name: `Compared ${id}` });
      } finally {
        model.dispose();
      }
    }
    data = join(app.scratch, 'labelled');
    // Brightness only partly follows the label, so the two models' AUCs are neither 0 nor 1 nor alike.
    for (let i = 0; i < 10; i++) {
      await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 40, i, i % 4 === 0);
      await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 40, 20 + i, i % 3 !== 0);
    }
  });
  after(async () => {
    await app?.close();
  });

  test('two models, one row each with the engine’s AUC, both ROC curves, kept on screen across selection', async () => {
    const expected = [await engineReport(app, data, IDS[0]), await engineReport(app, data, IDS[1])];
    assert.notEqual(expected[0].auc.toFixed(3), expected[1].auc.toFixed(3), 'the two models can be told apart on screen');
    const models = new ModelsPage(app.page, SCREENSHOTS);
    const evaluation = new ModelEvaluationPage(app.page, SCREENSHOTS);
    await models.show();
    await models.select(IDS[0]);
    await app.page.getByTestId(`evaluation-also-${IDS[1]}`).check();
    assert.equal(await evaluation.evaluate(data), 'done');

    const rows = app.page.getByTestId('comparison-row');
    assert.equal(await rows.count(), 2);
    for (const [i, id] of IDS.entries()) {
      const row = app.page.locator(`[data-testid="comparison-row"][data-model="${id}"]`);
      assert.equal(await row.getAttribute('data-status'), 'done');
      assert.equal(Number(await row.getAttribute('data-auc')).toFixed(3), expected[i].auc.toFixed(3), `${id}: AUC as the engine reports it`);
      assert.equal(Number(await row.getByTestId('comparison-n').innerText()), expected[i].n);
      assert.ok((await row.getByTestId('comparison-auc').innerText()).startsWith(expected[i].auc.toFixed(3)));
    }
    const roc = app.page.getByTestId('comparison-roc');
    assert.equal(await roc.locator('path[data-series^="roc-"]').count(), 2, 'one ROC path per model');
    // Told apart by dash too, not by colour alone.
    const dashes = await roc.locator('path[data-series^="roc-"]').evaluateAll((els) => els.map((e) => e.getAttribute('stroke-dasharray') ?? 'solid'));
    assert.equal(new Set(dashes).size, 2, `dashes: ${dashes.join(' | ')}`);
    // The end is said politely, with each model's figures.
    const said = (await app.page.getByTestId('evaluation-announce').and(app.page.getByRole('status')).textContent()) ?? '';
    assert.match(said, new RegExp(`^Comparison done\\. Compared cmp-a: AUC ${expected[0].auc.toFixed(3)}, .* on ${expected[0].n} images; Compared cmp-b: AUC ${expected[1].auc.toFixed(3)}, `));
    // The plot's text alternative: its summary, and a table whose cells are the engine's ROC points
    // (false-positive rate, sensitivity, threshold), evenly sampled, first point first.
    const described = await roc.locator('svg[role="img"]').getAttribute('aria-describedby');
    assert.ok(described, 'the plot has a description');
    assert.match((await app.page.locator(`[id="${described}"]`).textContent()) ?? '', new RegExp(`Compared cmp-a: AUC ${expected[0].auc.toFixed(3)}; Compared cmp-b: AUC ${expected[1].auc.toFixed(3)}`));
    await roc.getByTestId('comparison-roc-table').locator('summary').click();
    const cell = (v: number) => (!Number.isFinite(v) ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(3));
    const table = roc.getByTestId('comparison-roc-table').getByRole('table');
    assert.deepEqual(await table.getByRole('columnheader').allInnerTexts(), ['Series', '1 − specificity', 'sensitivity', 'threshold']);
    for (const [i, id] of IDS.entries()) {
      const rows = await table.locator(`tr[data-series="roc-${id}"]`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const points = expected[i].roc.map((p) => [cell(p.fpr), cell(p.tpr), cell(p.threshold)]);
      assert.equal(rows.length, Math.min(12, points.length), `${id}: rows`);
      assert.deepEqual(rows[0], points[0], `${id}: first point`);
      assert.deepEqual(rows.at(-1), points.at(-1), `${id}: last point`);
      for (const r of rows) assert.ok(points.some((p) => p.join() === r.join()), `${id}: ${r.join(', ')} is a point of the engine's curve`);
    }
    // The second model against the first, paired on the same images, as the engine pairs them (one
    // patient bootstrap for both); the overlap of the two marginal intervals is no longer the verdict.
    const side = (r: (typeof expected)[number]) => ({ model: r.model.id, threshold: r.threshold, scores: r.scores ?? [] });
    const pair = pairedComparison(side(expected[0]), side(expected[1]));
    assert.ok(pair);
    const shown = app.page.getByTestId('comparison-pair');
    await shown.waitFor({ timeout: 30_000 });
    assert.equal(await shown.getAttribute('data-verdict'), pair.verdict);
    assert.ok((await shown.innerText()).includes(`paired on the same ${pair.n} images (${pair.replicates} resamplings of ${pair.patients} patients, drawn for both): AUC ${signedInterval(pair.auc)}`), await shown.innerText());
    assert.equal(await app.page.getByTestId('comparison-separation').count(), 0);
    // Each row keeps its own evaluation on its own card.
    await app.page.locator(`[data-testid="comparison-row"][data-model="${IDS[1]}"]`).getByTestId('comparison-keep').click();
    await app.page.locator(`[data-testid="comparison-row"][data-model="${IDS[1]}"]`).getByTestId('comparison-kept').waitFor({ timeout: 30_000 });
    assert.equal(await app.page.locator(`[data-testid="comparison-row"][data-model="${IDS[0]}"]`).getByTestId('comparison-kept').count(), 0);
    await app.page.getByTestId('model-comparison').screenshot({ path: join(SCREENSHOTS, 'model-comparison.png') });

    const other = (await app.engine.listModels()).find((m) => !(IDS as readonly string[]).includes(m.id));
    await models.select(other?.id ?? IDS[1]);
    assert.equal(await app.page.getByTestId('comparison-row').count(), 2, 'the comparison stays when another model is selected');
    await models.select(IDS[1]);
    await app.page.getByTestId('kept-evaluation').waitFor({ timeout: 30_000 });
    assert.equal(await app.page.getByTestId('comparison-roc').locator('path[data-series^="roc-"]').count(), 2);

    await app.page.getByTestId('comparison-close').click();
    assert.equal(await app.page.getByTestId('model-comparison').count(), 0, 'closed');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('progress names the model and its place; Stop ends the running job and skips the rest', async () => {
    const shipped = (await app.engine.listModels()).find((m) => m.builtIn);
    assert.ok(shipped, 'the shipped model is installed');
    const big = join(app.scratch, 'labelled-big');
    for (let i = 0; i < 150; i++) {
      await writeImage(join(big, 'NORMAL', `n${i}.png`), 'png', 64, i, false);
      await writeImage(join(big, 'PNEUMONIA', `p${i}.png`), 'png', 64, 500 + i, true);
    }
    const models = new ModelsPage(app.page, SCREENSHOTS);
    await models.show();
    await models.select(IDS[0]);
    await app.page.getByTestId(`evaluation-also-${IDS[1]}`).check();
    await app.page.getByTestId(`evaluation-also-${shipped.id}`).check();
    await app.page.getByTestId('evaluation-folder').fill(big);
    await app.page.getByTestId('evaluation-start').click();
    const label = app.page.getByTestId('evaluation-progress-model');
    await label.waitFor({ timeout: 60_000 });
    assert.match(await label.innerText(), /^Evaluating “Compared cmp-a”: model 1 of 3$|: model [23] of 3$/);
    await app.page.locator('[data-testid="evaluation-stop"]:not([aria-disabled="true"])').click({ timeout: 60_000 });
    await app.page.locator('[data-testid="model-evaluate"][data-status="cancelled"]').waitFor({ timeout: 120_000 });
    const last = app.page.locator(`[data-testid="comparison-row"][data-model="${shipped.id}"]`);
    assert.ok(['idle', 'cancelled'].includes((await last.getAttribute('data-status')) ?? ''), 'the last model gave no figures');
    assert.equal(await app.page.getByTestId('evaluation-start').isDisabled(), false, 'a new evaluation can start');
    assert.deepEqual(app.consoleErrors, []);
  });
});
