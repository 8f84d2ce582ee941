// The training panel in Debian Chromium against the web host and the real engine, on a small real
// subset of Kermany (12 NORMAL + 12 PNEUMONIA, one image per patient) copied into a temp folder,
// plus one file that is not an image and one byte-identical copy.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cardActivationCaution, inputSizeNote } from '../../src-main/api/activation-caution';
import { headlineValidation } from '../../src-main/api/headline-validation';
import { kermanyPatientId } from '../../src-main/engine/training/patient-id';
import { ModelsPage } from './pages/models-page';
import { TrainingPage } from './pages/training-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, SCREENSHOTS, sharedFile } from './support/shared-data';
import { until } from './support/until';

const SOURCE = 'kermany-224/train';
const PER_CLASS = 12;

/** PER_CLASS images per class, each of a different patient, copied under dir/<CLASS>/. */
async function makeDataset(dir: string, source: string): Promise<void> {
  for (const cls of ['NORMAL', 'PNEUMONIA']) {
    await mkdir(join(dir, cls), { recursive: true });
    const seen = new Set<string>();
    const names = (await readdir(join(source, cls))).sort();
    for (const name of names) {
      const patient = kermanyPatientId(name);
      if (!patient || seen.has(patient)) continue;
      seen.add(patient);
      await copyFile(join(source, cls, name), join(dir, cls, name));
      if (seen.size === PER_CLASS) break;
    }
  }
  // Skipped (not an image) and a duplicate (same bytes under a name that names no patient).
  await writeFile(join(dir, 'NORMAL', 'notes.txt'), 'scanned on the old machine\n');
  const first = (await readdir(join(dir, 'NORMAL'))).find((n) => n.endsWith('.jpeg'))!;
  await copyFile(join(dir, 'NORMAL', first), join(dir, 'NORMAL', 'copy-of-first.jpeg'));
}

describe('training panel', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let data: string | null = null;
  let training: TrainingPage;
  let newModel: { id: string; name: string } | null = null;

  before(async () => {
    app = await startApp();
    training = new TrainingPage(app.page, SCREENSHOTS);
    const source = sharedFile(SOURCE);
    if (source) {
      data = join(app.scratch, 'site-data');
      await makeDataset(data, source);
    }
  });
  after(async () => {
    await app?.close();
  });

  test('step 1: the import summary counts classes, patients, skipped files, duplicates and the split', async (t) => {
    if (!data) return t.skip(missingData(SOURCE));
    await training.show();
    await training.readFolder(data);
    assert.deepEqual(await training.classRow('NORMAL'), { images: PER_CLASS, patients: PER_CLASS });
    assert.deepEqual(await training.classRow('PNEUMONIA'), { images: PER_CLASS, patients: PER_CLASS });
    assert.equal(await training.attr('summary-skipped', 'data-count'), 1);
    assert.match(await training.text('summary-skipped'), /not an image/);
    assert.equal(await training.attr('summary-duplicates', 'data-removed'), 1);
    assert.match(await training.text('summary-imbalance'), /Balanced/);
    const split = await training.splitRows();
    assert.deepEqual(split.map((s) => s.part), ['train', 'val']);
    assert.equal(split[0].images + split[1].images, 2 * PER_CLASS, 'every usable image in exactly one part');
    assert.equal(split[0].patients + split[1].patients, 2 * PER_CLASS, 'one image per patient here');
    assert.ok(split[1].images >= 2, 'validation has images of both classes');
    await training.screenshot('training-1-data');
  });

  test('a fine-tune of the active model at another input size: the plan warns; report and model manager ask before activating, with the same reasons', async (t) => {
    if (!data) return t.skip(missingData(SOURCE));
    const start = (await app.engine.listModels()).find((m) => m.active);
    if (!start?.card.trained) return t.skip('needs a trained active model to fine-tune (the shipped models/default)');
    const size = start.card.inputSize === 64 ? 96 : 64;
    // One epoch (head only, as for any trained start), 3 + 3 validation images: seconds.
    await training.setup({ base: 'active', epochs: 1, inputSize: size, batchSize: 8, name: 'E2E fine-tune', valPercent: 25, augment: false });
    await training.waitForPlan(6);
    assert.equal(await training.text('training-size-note'), inputSizeNote(size, { name: start.card.name, inputSize: start.card.inputSize }));
    assert.match(await training.text('training-val-note'), /^Only 6 validation images \(fewer than 20\): .* making it active will ask first/);
    const planned = await training.text('plan-backend');
    assert.equal(planned, (await app.engine.getInfo()).trainingBackend);
    await training.screenshot('training-finetune-setup');
    await training.start();
    assert.equal(await training.waitForEnd(), 'done', await training.text('training-run'));
    await training.waitForReport();
    assert.equal(await training.text('training-backend'), planned, 'the plan named the backend the run used');
    const id = (await training.reportModelId()) ?? '';
    const entry = (await app.engine.listModels()).find((m) => m.id === id);
    assert.ok(entry, `the report names a stored model: ${id}`);
    // The fine-tune still says who it is for, in its parent's words.
    // The parent's ages and views bound it still; the words say the population is the parent's, assumed for the new images.
    assert.deepEqual({ ...entry.card.population, description: start.card.population?.description }, start.card.population);
    assert.match(entry.card.population?.description ?? '', /\(its parent's population; fine-tuned on \d+ images from .*, whose population Alveo does not know: assumed the same\)$/);
    assert.equal(entry.card.intendedUse, start.card.intendedUse);
    assert.equal(entry.card.training?.comparedWith?.modelId, start.id, 'the comparison with the parent is on the card');

    // The rule on the stored card: six validation images always ask; the other reasons are whatever the run measured.
    const expected = cardActivationCaution(entry.card, start.card);
    assert.equal(expected.confirm, true);
    assert.ok(expected.reasons.some((r) => r.kind === 'input-size') && expected.reasons.some((r) => r.kind === 'tiny-validation'));
    const texts = expected.reasons.map((r) => r.text).sort();
    assert.deepEqual((await app.page.getByTestId('report-caution-reason').allInnerTexts()).sort(), texts);
    const activate = training.button('report-make-active');
    assert.equal(await activate.getAttribute('data-caution'), 'true');
    assert.doesNotMatch((await activate.getAttribute('class')) ?? '', /\bprimary\b/, 'activation is not the primary action');
    assert.match((await training.button('training-new-run').getAttribute('class')) ?? '', /\bprimary\b/);
    await training.screenshot('training-finetune-report', 1500);
    // Asking from the report: the reasons, and "keep" leaves the active model alone.
    await activate.click();
    const dialog = app.page.getByTestId('activation-confirm');
    await dialog.waitFor();
    assert.deepEqual((await dialog.getByTestId('activation-confirm-caution-reason').allInnerTexts()).sort(), texts);
    await training.screenshot('training-finetune-confirm');
    await app.page.getByTestId('activation-confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await app.engine.getInfo()).activeModel, start.id);

    // The model manager: the same reasons on the card and in its confirmation; the list says which validation it shows.
    const models = new ModelsPage(app.page, SCREENSHOTS);
    await models.show();
    for (const m of [start, entry]) {
      const h = headlineValidation(m.card);
      const cell = models.row(m.id).getByTestId('model-auc');
      assert.equal(await cell.getAttribute('data-split'), h?.split ?? '');
      assert.equal((await cell.innerText()).replace(/\s+/g, ' ').trim(), h ? `${h.metrics.auc.toFixed(3)} ${h.short} n ${h.metrics.n}` : '—');
    }
    await models.select(id);
    assert.deepEqual((await app.page.getByTestId('model-caution-reason').allInnerTexts()).sort(), texts);
    const detail = await app.page.getByTestId('model-detail').innerText();
    if (start.card.population) assert.ok(detail.includes(start.card.population.description), 'the population is shown');
    assert.match(detail, /; 1 epoch\b/);
    assert.doesNotMatch(detail, /\b1 (epochs|groups|copies)\b/, 'counts of one in the singular');
    await models.button('model-activate').click();
    await dialog.waitFor();
    assert.deepEqual((await dialog.getByTestId('activation-confirm-caution-reason').allInnerTexts()).sort(), texts);
    await app.page.getByTestId('activation-confirm-ok').click();
    await app.page.locator(`[data-testid="model-row"][data-model-id="${id}"][data-active="true"]`).waitFor({ timeout: 30_000 });
    assert.equal((await app.engine.getInfo()).activeModel, id);
    await models.screenshot('training-finetune-activated');
    // The shipped model asks nothing: back to it at once.
    await models.activate(start.id);
    assert.equal(await dialog.count(), 0);
    assert.equal((await app.engine.getInfo()).activeModel, start.id);
    // Not worth keeping: discarded from the report (asks first), which leads back to step 1 for the next test.
    await training.show();
    await training.button('report-discard').click();
    await training.button('report-discard-confirm').click();
    await app.page.getByTestId('training-report').waitFor({ state: 'detached' });
    assert.equal((await app.engine.listModels()).some((m) => m.id === id), false, 'the discarded model is deleted');
    await training.readFolder(data);
  });

  test('steps 2-3: a short run from scratch ends with curves and the report beside the active model', async (t) => {
    if (!data) return t.skip(missingData(SOURCE));
    // 64 px, 2 epochs, a quarter of the patients for validation (3 per class): seconds, not minutes.
    await training.setup({ base: 'scratch', epochs: 2, inputSize: 64, batchSize: 8, name: 'E2E site model', valPercent: 25, augment: false });
    // 25% of each class's 12 patients: 3 + 3 validation images, as the run will use.
    await training.waitForPlan(6);
    // The plan says how long before it starts: the measured wasm rate at 64 px (12 images/s), so seconds here.
    assert.match(await training.text('plan-time'), /^Under a minute with tfjs WebAssembly on a 2-core CPU \(12\.0 training images\/s at 64 px, measured\)/);
    await training.screenshot('training-2-setup');
    await training.start();
    assert.equal(await training.waitForEnd(), 'done', await training.text('training-run'));
    // Curves: one vertex per epoch for the epoch curves, one per progress event for the batch line.
    assert.equal(await training.curvePoints('loss-chart', 'train-loss'), 2);
    assert.equal(await training.curvePoints('loss-chart', 'val-loss'), 2);
    assert.equal(await training.curvePoints('metrics-chart', 'val-auc'), 2);
    assert.ok((await training.curvePoints('loss-chart', 'batch-loss')) >= 2);
    assert.match(await training.text('training-backend'), /wasm|tensorflow|cpu/);

    await training.waitForReport();
    newModel = { id: (await training.reportModelId()) ?? '', name: await training.text('report-model-name') };
    assert.equal(newModel.name, 'E2E site model');
    assert.ok(newModel.id, 'the report names the stored model');
    // ROC of the new model and of the active (shipped) model, from (0,0) to (1,1).
    assert.ok((await training.curvePoints('roc-chart', 'roc-new')) >= 2);
    assert.ok((await training.curvePoints('roc-chart', 'roc-other')) >= 2);
    assert.ok((await training.curvePoints('calibration-chart', 'cal-new')) >= 1);
    const cm = await training.confusion('confusion-new');
    // The confusion matrix is a table: a count is read with its actual and predicted class.
    const cmTable = app.page.getByTestId('confusion-new').getByRole('table');
    assert.deepEqual((await cmTable.getByRole('columnheader').allTextContents()).map((t) => t.trim()), ['Predicted PNEUMONIA', 'Predicted NORMAL']);
    assert.deepEqual((await cmTable.getByRole('rowheader').allTextContents()).map((t) => t.trim()), ['Actual PNEUMONIA', 'Actual NORMAL']);
    assert.equal(await cmTable.getByRole('cell', { name: /missed/ }).getAttribute('data-value'), String(cm.fn));
    const stored = (await app.engine.listModels()).find((m) => m.id === newModel?.id)?.card;
    // The run's tiles now give the stored model's figures at its own threshold, as the report and its checks do.
    const tile = app.page.getByTestId('metric-specificity');
    assert.equal(await tile.innerText(), `${((stored?.metrics?.validation?.specificity ?? NaN) * 100).toFixed(1)}%`);
    assert.match(await tile.locator('xpath=..').innerText(), new RegExp(`Specificity @${stored?.threshold.value.toFixed(3)}`, 'i'));
    // The loss and AUC tiles are the saved epoch's too, not the last epoch's.
    const savedEpoch = stored?.training?.history.filter((h) => h.best).at(-1);
    assert.ok(savedEpoch, 'the card records the saved epoch');
    assert.equal(await app.page.getByTestId('metric-val-loss').innerText(), savedEpoch.valLoss.toFixed(3));
    assert.equal(await app.page.getByTestId('metric-val-auc').innerText(), savedEpoch.valAuc.toFixed(3));
    assert.match(await training.text('training-metrics-epoch'), new RegExp(`^Losses and AUC of epoch ${savedEpoch.epoch}, the one saved`));
    const nVal = stored?.training?.split.val;
    assert.ok(nVal, 'the new model card records its split');
    assert.equal(cm.tp + cm.fp + cm.tn + cm.fn, nVal.images.NORMAL + nVal.images.PNEUMONIA, 'confusion adds up to the validation images');
    assert.equal(cm.tp + cm.fn, nVal.images.PNEUMONIA);
    const other = await training.confusion('confusion-other');
    assert.equal(other.tp + other.fp + other.tn + other.fn, cm.tp + cm.fp + cm.tn + cm.fn, 'both models on the same images');
    assert.equal(cm.tp + cm.fp + cm.tn + cm.fn, 6, 'as the preview said');
    assert.ok((await app.page.getByTestId('top-loss').count()) >= 1, 'top losses shown');
    // Each hardest image is one of the validation images, shown with the truth of its class folder.
    const losses = app.page.getByTestId('top-loss');
    assert.ok((await losses.count()) <= 6, 'top losses come from the 6 validation images');
    for (const item of await losses.all()) {
      const file = (await item.getAttribute('data-file')) ?? '';
      assert.ok(file.startsWith(data), `top-loss image from the training folder: ${file}`);
      assert.equal(await item.locator('.truth').innerText(), basename(dirname(file)), file);
    }
    const models = await app.engine.listModels();
    assert.equal(models.find((m) => m.active)?.id === newModel.id, false, 'the active model is untouched by training');
    await training.screenshot('training-3-report', 1500);
  });

  test('make the new model active: the Models tab and the AI panel show it; a top-loss image opens in the viewer', async (t) => {
    if (!data || !newModel) return t.skip(newModel ? missingData(SOURCE) : 'needs the run of the previous test');
    // Six validation images: the rule asks first, with the reasons it finds on the stored card.
    const card = (await app.engine.listModels()).find((m) => m.id === newModel?.id)?.card;
    assert.ok(card);
    const caution = cardActivationCaution(card, null);
    assert.equal(caution.confirm, true, 'six validation images');
    const models = new ModelsPage(app.page, SCREENSHOTS);
    // The confirmation is modal: the safe answer has the keyboard, Tab stays inside, Esc closes it and
    // gives the keyboard back to the button that opened it.
    await training.button('report-make-active').focus();
    await app.page.keyboard.press('Enter');
    const dialog = app.page.getByTestId('activation-confirm');
    await dialog.waitFor();
    assert.equal(await models.focused(), 'activation-confirm-cancel');
    assert.deepEqual(await models.tabOutside('activation-confirm', 6), []);
    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await models.focused(), 'report-make-active');
    await training.button('report-make-active').click();
    await dialog.waitFor();
    assert.deepEqual((await dialog.getByTestId('activation-confirm-caution-reason').allInnerTexts()).sort(), caution.reasons.map((r) => r.text).sort());
    await app.page.getByTestId('activation-confirm-ok').click();
    await training.button('report-is-active').waitFor({ timeout: 30_000 });
    await models.show();
    await app.page.locator(`[data-testid="model-row"][data-model-id="${newModel.id}"][data-active="true"]`).waitFor({ timeout: 30_000 });
    await models.screenshot('training-4-models-active');
    // The run's curves and its comparison are still there in the Models tab, read from the card.
    await models.select(newModel.id);
    const history = app.page.getByTestId('model-training-history');
    await history.waitFor();
    assert.equal(await history.locator('[data-testid="loss-chart"] path[data-series="val-loss"]').count(), 1);
    const d = (await history.locator('[data-testid="loss-chart"] path[data-series="val-loss"]').getAttribute('d')) ?? '';
    assert.equal((d.match(/[ML]/g) ?? []).length, card.training?.history.length, 'one vertex per epoch');
    // Its text alternative: a summary naming the lowest validation loss, and a table of the plotted
    // values (epoch × series) from the card.
    const epochs = card.training?.history ?? [];
    const lowest = epochs.reduce((a, h) => (h.valLoss < a.valLoss ? h : a));
    const lossChart = history.getByTestId('loss-chart');
    assert.match((await lossChart.getByTestId('loss-chart-summary').textContent()) ?? '', new RegExp(`^Validation loss lowest at epoch ${lowest.epoch} \\(${lowest.valLoss.toFixed(3)}\\)`));
    assert.equal(await lossChart.locator('svg[role="img"]').getAttribute('aria-describedby'), await lossChart.getByTestId('loss-chart-summary').getAttribute('id'));
    await lossChart.getByTestId('loss-chart-table').locator('summary').click();
    const lossTable = lossChart.getByTestId('loss-chart-table').getByRole('table');
    assert.deepEqual(await lossTable.getByRole('columnheader').allInnerTexts(), ['epoch', 'Training loss (epoch)', 'Validation loss']);
    const tabled = await lossTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
    assert.deepEqual(tabled, epochs.map((h) => [String(h.epoch), h.trainLoss.toFixed(3), h.valLoss.toFixed(3)]));
    // Sensitivity and specificity (and AUC, accuracy) differ by dash, not only by colour.
    const dashes = await history.getByTestId('metrics-chart').locator('path[data-series]').evaluateAll((els) => els.map((e) => e.getAttribute('stroke-dasharray') ?? 'solid'));
    assert.equal(new Set(dashes).size, dashes.length, `dashes: ${dashes.join(' | ')}`);
    const compared = card.training?.comparedWith;
    assert.ok(compared, 'the card keeps the comparison');
    assert.match((await history.getByTestId('cmp-auc').innerText()).replace(/\s+/g, ' '), new RegExp(`^ROC AUC ${compared.newMetrics.auc.toFixed(3)} ${compared.metrics.auc.toFixed(3)}`));
    // Back to the report: open the hardest image; the viewer reads it with the new model.
    await training.show();
    const file = await app.page.getByTestId('top-loss').first().getAttribute('data-file');
    await app.page.getByTestId('top-loss').first().click();
    await app.viewer.waitForImage(file ?? '');
    await app.page.getByTestId('model-name').filter({ hasText: newModel.name }).waitFor({ timeout: 60_000 });
    await app.page.getByTestId('ai-result').waitFor({ timeout: 60_000 });
    // The number shown is the one the new (now active) model gives for that image.
    const info = await app.engine.openStudy(file ?? '');
    const expected = await app.engine.predict(info.studyId).finally(() => app.engine.closeStudy(info.studyId));
    assert.equal(expected.model, newModel.id, 'the engine reads with the new model');
    await app.viewer.revealAnswer();
    const shown = await app.viewer.probability();
    assert.ok(Math.abs(shown - expected.probability) < 0.0006, `shown ${shown}, engine ${expected.probability}`);
    await training.screenshot('training-5-viewer-new-model');
  });

  test('cancel a run after its first epoch and discard it: the store is unchanged; the viewer stays usable meanwhile', async (t) => {
    if (!data) return t.skip(missingData(SOURCE));
    const before = (await app.engine.listModels()).map((m) => m.id).sort();
    await training.show();
    await training.button('training-new-run').click();
    await training.readFolder(data);
    await training.setup({ base: 'scratch', epochs: 50, inputSize: 64, batchSize: 4, valPercent: 25, augment: false });
    await training.waitForPlan(6);
    await training.start();
    await training.waitForTraining();
    // Before the first epoch ends there is no checkpoint: Stop… does not offer to keep one. One
    // snapshot of the page, so the epoch count and the offer are read at the same moment.
    await training.button('training-cancel').click();
    await app.page.getByTestId('training-cancel-ask').waitFor();
    const ask = await app.page.getByTestId('training-step-train').evaluate((step) => ({
      epochs: Number(step.querySelector('[data-testid="training-curves"]')?.getAttribute('data-epochs')),
      checkpoint: step.querySelector('[data-testid="training-cancel-ask"]')?.getAttribute('data-checkpoint') ?? null,
      keep: step.querySelector('[data-testid="training-cancel-keep"]') !== null,
      none: step.querySelector('[data-testid="training-cancel-no-checkpoint"]') !== null,
    }));
    assert.equal(ask.keep, ask.checkpoint === 'true', JSON.stringify(ask));
    if (ask.epochs === 0) assert.deepEqual([ask.keep, ask.none], [false, true], 'no epoch has ended: nothing to keep is offered');
    else t.diagnostic(`the first epoch ended before Stop… opened (${JSON.stringify(ask)})`);
    await training.screenshot('training-6-stop-before-checkpoint');
    await training.button('training-cancel-continue').click();
    // While it trains: open a study and read it with the active model.
    const study = join(data, 'PNEUMONIA', (await readdir(join(data, 'PNEUMONIA')))[0]);
    await app.viewer.open(study);
    await app.viewer.waitForImage(study);
    await training.show();
    assert.ok(['running', 'starting'].includes((await training.status()) ?? ''), 'still training after the viewer was used');
    // After an epoch there is a best checkpoint: discarding must remove what the run had saved.
    await training.waitForEpochs(1);
    await training.screenshot('training-6-live');
    // A reload (or a window opened anew) takes the run up again, with its epochs so far and Stop;
    // a second start meanwhile is refused by the engine.
    await app.page.reload();
    await training.show();
    await app.page.locator('[data-testid="training-run"][data-status="running"]').waitFor({ timeout: 15_000 });
    await training.waitForEpochs(1);
    await assert.rejects(app.engine.startTraining({ data, base: 'scratch', options: { inputSize: 64, epochs: 1 } }), /already under way/);
    await training.cancel('discard');
    assert.equal(await training.waitForEnd(60_000), 'cancelled');
    await training.button('training-cancel-outcome').waitFor();
    assert.match(await training.text('training-cancel-outcome'), /partial run was discarded: no model was added/);
    const after = (await app.engine.listModels()).map((m) => m.id).sort();
    assert.deepEqual(after, before, 'no model added or removed');
    const models = new ModelsPage(app.page, SCREENSHOTS);
    await models.show();
    await until(async () => (await app.page.getByTestId('model-row').count()) === before.length, 30_000, 'the model list');
    await training.show();
    await training.screenshot('training-7-cancelled');
  });

  test('cancel a run after its first epoch and keep it: the engine stores the best checkpoint, the panel names it', async (t) => {
    if (!data) return t.skip(missingData(SOURCE));
    const before = new Set((await app.engine.listModels()).map((m) => m.id));
    await training.show();
    await training.button('training-new-run').click();
    await training.readFolder(data);
    await training.setup({ base: 'scratch', epochs: 50, inputSize: 64, batchSize: 4, name: 'E2E kept checkpoint', valPercent: 25, augment: false });
    await training.waitForPlan(6);
    await training.start();
    await training.waitForEpochs(1);
    await training.cancel('keep');
    assert.equal(await training.waitForEnd(60_000), 'cancelled');
    await training.button('training-cancel-outcome').waitFor();
    assert.match(await training.text('training-cancel-outcome'), /best checkpoint \(after \d+ epochs?\) was kept as “E2E kept checkpoint”/);
    // Exactly one model was added, by the engine (the panel only reads the job's result), marked as a checkpoint.
    const added = (await app.engine.listModels()).filter((m) => !before.has(m.id));
    assert.equal(added.length, 1, added.map((m) => m.id).join(', '));
    assert.equal(added[0].card.name, 'E2E kept checkpoint');
    assert.equal(added[0].card.training?.checkpointOfCancelledRun, true);
    await training.button('training-kept').waitFor();
    assert.match(await training.text('training-kept'), new RegExp(added[0].id));
    await training.screenshot('training-8-kept');
    // In the model list it is marked as a stopped run; a finished model is not.
    const models = new ModelsPage(app.page, SCREENSHOTS);
    await models.show();
    await models.row(added[0].id).getByTestId('model-cancelled-tag').waitFor();
    assert.equal(await app.page.getByTestId('model-cancelled-tag').count(), 1);
    await training.show();
  });
});
