// "Evaluate on a folder…" in the model manager, in Debian Chromium against the web host and the
// real engine with the real default model, on a small real Kermany subset (6 NORMAL + 6 PNEUMONIA
// copied into a temp folder, plus a text file named .jpeg): the figures on screen are the engine's
// own, a file that cannot be decoded is listed with why, and a one-class folder says "n/a".
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ModelEvaluationPage } from './pages/model-evaluation-page';
import { ModelsPage } from './pages/models-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, SCREENSHOTS, sharedFile } from './support/shared-data';
import { engineReport } from './support/engine-report';
import { until } from './support/until';

const SOURCE = 'kermany-224/train';
const PER_CLASS = 6;
const BROKEN = 'not-really-an-image.jpeg';

/** The first `n` images of each class in `classes`, copied under dir/<CLASS>/. */
async function makeFolder(dir: string, source: string, classes: Array<'NORMAL' | 'PNEUMONIA'>, n: number): Promise<void> {
  for (const cls of classes) {
    await mkdir(join(dir, cls), { recursive: true });
    const names = (await readdir(join(source, cls))).filter((f) => f.endsWith('.jpeg')).sort();
    for (const name of names.slice(0, n)) await copyFile(join(source, cls, name), join(dir, cls, name));
  }
}

describe('evaluate a model on a folder', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let source: string | null = null;
  let models: ModelsPage;
  let evaluation: ModelEvaluationPage;
  let modelId = '';

  before(async () => {
    app = await startApp();
    models = new ModelsPage(app.page, SCREENSHOTS);
    evaluation = new ModelEvaluationPage(app.page, SCREENSHOTS);
    source = sharedFile(SOURCE);
    const active = (await app.engine.listModels()).find((m) => m.active);
    assert.ok(active, 'the shipped default model is active');
    modelId = active.id;
  });
  after(async () => {
    await app?.close();
  });

  test('n, class counts and the confusion matrix are the engine’s; the broken file is listed as failed with why', async (t) => {
    if (!source) return t.skip(missingData(SOURCE));
    const data = join(app.scratch, 'eval-both');
    await makeFolder(data, source, ['NORMAL', 'PNEUMONIA'], PER_CLASS);
    await writeFile(join(data, 'PNEUMONIA', BROKEN), 'this is a note, not a JPEG\n');
    const expected = await engineReport(app, data, modelId);
    assert.equal(expected.n, 2 * PER_CLASS, 'the engine counts every decodable image');

    // At 200% zoom (a 640-px window, below the 960-px breakpoint), from the keyboard: the Models tab is
    // one column, the folder field wide enough to read, and the keyboard never falls to the page.
    await app.page.setViewportSize({ width: 640, height: 400 });
    try {
      await models.show();
      await models.select(modelId);
      const field = app.page.getByTestId('evaluation-folder');
      await field.scrollIntoViewIfNeeded();
      assert.ok(await evaluation.fullyVisible(field), 'the folder field is inside the window and not covered');
      const box = await field.boundingBox();
      assert.ok(box && box.width >= 200, `the folder field is ${box?.width} px wide`);
      // The Stored patient data section (left column) is still there, above the card, full width.
      const stored = app.page.getByTestId('stored-data');
      await stored.scrollIntoViewIfNeeded();
      assert.ok(((await stored.boundingBox())?.width ?? 0) >= 400, 'Stored patient data spans the narrow window');
      await field.fill(data);
      await field.press('Enter');
      const focused = await evaluation.focusAfterStart();
      assert.ok(['evaluation-stop', 'evaluation-result-heading'].includes(focused), `after start the keyboard is on ${focused}`);
      await evaluation.waitForEnd();
      await until(async () => (await evaluation.focusedTestId()) === 'evaluation-result-heading', 10_000, 'the result heading has the keyboard');
    } finally {
      await app.page.setViewportSize({ width: 1440, height: 900 });
    }
    assert.equal(await evaluation.section().getAttribute('data-status'), 'done');
    const pct = (v: number) => (v < 1 && (v * 100).toFixed(1) === '100.0' ? '> 99.9%' : `${(v * 100).toFixed(1)}%`);
    const fixed3 = (v: number) => (v < 1 && v.toFixed(3) === '1.000' ? '> 0.999' : v.toFixed(3));
    assert.equal(
      await evaluation.announced(),
      `Evaluation done: AUC ${fixed3(expected.auc)}, sensitivity ${pct(expected.sensitivity)}, specificity ${pct(expected.specificity)} on ${expected.n} images.`,
    );
    assert.equal(await evaluation.n(), expected.n);
    assert.deepEqual(await evaluation.classes(), { NORMAL: expected.dataset.images.NORMAL, PNEUMONIA: expected.dataset.images.PNEUMONIA });
    assert.deepEqual(await evaluation.confusion(), expected.confusion);
    // The confusion matrix is a table: each count is read with its actual (row) and predicted (column) class.
    const c = expected.confusion;
    assert.deepEqual(await evaluation.confusionTable(), {
      columns: ['Predicted PNEUMONIA', 'Predicted NORMAL'],
      rows: [
        ['Actual PNEUMONIA', `${c.tp} true pos.`, `${c.fn} missed`],
        ['Actual NORMAL', `${c.fp} false alarm`, `${c.tn} true neg.`],
      ],
    });
    // A value that rounds to 1 but is not 1 reads "> 0.999".
    assert.equal(await evaluation.metric('auc'), expected.auc < 1 && expected.auc.toFixed(3) === '1.000' ? '> 0.999' : expected.auc.toFixed(3));
    assert.equal(await evaluation.metric('accuracy'), `${(expected.accuracy * 100).toFixed(1)}%`);
    // The engine's 95% intervals beside the figures (patient bootstrap, so the same numbers).
    const auc = expected.intervals?.auc;
    const sens = expected.intervals?.sensitivity;
    assert.ok(auc && sens, 'the engine gives intervals');
    assert.equal(await app.page.getByTestId('evaluation-interval-auc').innerText(), `${auc.low.toFixed(3)}–${auc.high.toFixed(3)}`);
    assert.equal(await app.page.getByTestId('evaluation-interval-sensitivity').innerText(), `${(sens.low * 100).toFixed(1)}%–${(sens.high * 100).toFixed(1)}%`);
    assert.match(await app.page.getByTestId('evaluation-intervals-note').innerText(), new RegExp(`resamplings of the ${expected.intervals?.patients} patients`));
    assert.equal(await app.page.getByTestId('evaluation-threshold').innerText(), expected.threshold.toFixed(3));

    const failed = await evaluation.files('failed');
    assert.deepEqual(failed.map((f) => f.file), expected.failed.map((f) => f.file));
    const broken = failed.find((f) => f.file.endsWith(BROKEN));
    assert.ok(broken, 'the text file named .jpeg is listed as failed');
    const reason = expected.failed.find((f) => f.file.endsWith(BROKEN))!.reason;
    assert.ok(broken.text.includes(reason), `its reason is shown: ${reason}`);
    assert.deepEqual(await evaluation.warnings(), expected.warnings ?? []);
    assert.ok((await evaluation.warnings()).some((w) => /could not be read or decoded/.test(w)));
    await evaluation.screenshot('model-evaluation-both-classes');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('an image filed under both labels is named and not counted; held-back images are listed with the figures on the rest', async (t) => {
    if (!source) return t.skip(missingData(SOURCE));
    const data = join(app.scratch, 'eval-mixed');
    await makeFolder(data, source, ['NORMAL', 'PNEUMONIA'], 4);
    const normal = (await readdir(join(data, 'NORMAL'))).sort()[0];
    const pneumonia = (await readdir(join(data, 'PNEUMONIA'))).sort()[0];
    await copyFile(join(data, 'NORMAL', normal), join(data, 'PNEUMONIA', 'mislabel-dup.jpeg'));
    await copyFile(join(data, 'PNEUMONIA', pneumonia), join(data, 'PNEUMONIA', 'dup-copy.jpeg'));
    // A flat gray picture: the guardrails hold it back.
    const { default: sharp } = await import('sharp');
    await writeFile(join(data, 'NORMAL', 'flat.png'), await sharp(Buffer.alloc(128 * 128, 128), { raw: { width: 128, height: 128, channels: 1 } }).png().toBuffer());
    const expected = await engineReport(app, data, modelId);
    assert.equal(expected.n, 8, '3 + 1 flat NORMAL, 4 PNEUMONIA: the copy counts once, the conflicting pair not at all');
    assert.equal(expected.conflicts?.length, 1);
    assert.ok(expected.answered, 'some images are held back');

    await models.show();
    await models.select(modelId);
    assert.equal(await evaluation.evaluate(data), 'done');
    assert.equal(await evaluation.n(), 8);
    const conflicts = app.page.getByTestId('evaluation-conflicts');
    assert.equal(await conflicts.getAttribute('data-count'), '1');
    assert.match(await conflicts.locator('summary').innerText(), /^1 image is filed under both labels: not counted$/);
    assert.ok((await evaluation.warnings()).some((w) => /^1 image is filed under both labels/.test(w)));
    const held = app.page.getByTestId('evaluation-held-back');
    assert.equal(await held.getAttribute('data-count'), String(expected.heldBack?.length));
    assert.equal(await app.page.getByTestId('evaluation-answered-n').getAttribute('data-n'), String(expected.answered.n));
    const fmt = (v: number | null) => (v === null ? 'n/a' : v < 1 && v.toFixed(3) === '1.000' ? '> 0.999' : v.toFixed(3));
    assert.equal(await app.page.getByTestId('evaluation-answered-auc').getAttribute('data-answered'), fmt(expected.answered.auc));
    assert.equal(await app.page.getByTestId('evaluation-held-back-file').count(), 0, 'the list is drawn only when opened');
    await held.locator('details summary').click();
    await app.page.getByTestId('evaluation-held-back-file').first().waitFor();
    const files = await app.page.getByTestId('evaluation-held-back-file').allInnerTexts();
    assert.ok(files.some((f) => /NORMAL\/flat\.png \(NORMAL\): The image is nearly uniform/.test(f)), files.join(' | '));
    await evaluation.screenshot('model-evaluation-held-back');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('a one-class folder shows n/a for sensitivity and AUC, with the warning', async (t) => {
    if (!source) return t.skip(missingData(SOURCE));
    const data = join(app.scratch, 'eval-normal-only');
    await makeFolder(data, source, ['NORMAL'], 4);
    await models.show();
    await models.select(modelId);
    assert.equal(await evaluation.evaluate(data), 'done');
    assert.equal(await evaluation.n(), 4);
    assert.deepEqual(await evaluation.classes(), { NORMAL: 4, PNEUMONIA: 0 });
    assert.match(await evaluation.metric('sensitivity'), /^n\/a \(no PNEUMONIA images\)$/);
    assert.match(await evaluation.metric('auc'), /^n\/a/);
    assert.doesNotMatch(await evaluation.metric('specificity'), /n\/a/, 'specificity is defined with NORMAL images');
    const warnings = await evaluation.warnings();
    assert.ok(warnings.some((w) => /only NORMAL images \(no PNEUMONIA\).*undefined \(n\/a\)/.test(w)), warnings.join(' | '));
    await evaluation.screenshot('model-evaluation-one-class');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('Stop cancels the running evaluation and no figures are shown', async (t) => {
    if (!source) return t.skip(missingData(SOURCE));
    const data = join(app.scratch, 'eval-stop');
    await makeFolder(data, source, ['NORMAL', 'PNEUMONIA'], 100);
    await models.show();
    await models.select(modelId);
    const ended = new Promise<string>((resolve) => {
      const off = app.engine.subscribe((e) => {
        if (e.type === 'job:end' && e.kind === 'evaluate') {
          off();
          resolve(e.outcome);
        }
      });
    });
    await app.page.getByTestId('evaluation-folder').fill(data);
    await app.page.getByTestId('evaluation-start').click();
    await app.page.getByTestId('evaluation-progress').waitFor({ timeout: 60_000 });
    // Stop keeps the keyboard while the run starts: aria-disabled until the job runs, not disabled.
    await app.page.locator('[data-testid="evaluation-stop"]:not([aria-disabled="true"])').click({ timeout: 60_000 });
    await app.page.locator('[data-testid="model-evaluate"][data-status="cancelled"]').waitFor({ timeout: 120_000 });
    assert.equal(await ended, 'cancelled', 'the engine stopped the job');
    assert.equal(await app.page.getByTestId('evaluation-result').count(), 0);
    assert.equal(await evaluation.announced(), 'Evaluation stopped: no figures.');
    // Stop went with the run: the keyboard is back on the field, not on the page.
    await until(async () => (await evaluation.focusedTestId()) === 'evaluation-folder', 10_000, 'the folder field has the keyboard');
    assert.deepEqual(app.consoleErrors, []);
  });
});
