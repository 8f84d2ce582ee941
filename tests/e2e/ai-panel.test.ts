// The AI panel in Debian Chromium against the real engine: the probability the engine computes,
// the model's card, intended-use warnings, and the Grad-CAM overlay drawn over the radiograph.
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sourceTreeDeps } from '../../src-main/engine/index';
import { updateSettings } from '../../src-main/engine/user-folder/settings-file';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';
import { ensureModel } from './support/test-model';
import { scorePercent } from '../../src-renderer/src/components/format';
import { tempDir } from '../support/temp-dir';
import { until } from './support/until';
import { auditLines } from '../support/audit-lines';

const JPEG = 'kermany-orig/val/PNEUMONIA/person1946_bacteria_4874.jpeg';
const DICOM = 'dicom/small/dx16_mono2_512_jpegls_lossless.dcm';

// Browser global used inside page.evaluate (no DOM library in the Node test config).
declare const document: {
  querySelector(s: string): { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } | null;
  activeElement: { getAttribute(name: string): string | null } | null;
};
declare function getComputedStyle(el: unknown): Record<string, string>;

/** Centre of the coloured (overlay) pixels on the canvas, and how many there are. */
function colourCentroid(app: AppUnderTest): Promise<{ x: number; y: number; n: number }> {
  return app.page.evaluate(() => {
    const c = document.querySelector('[data-testid="viewport"] canvas');
    if (!c) throw new Error('no canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let y = 0; y < c.height; y += 2) {
      for (let x = 0; x < c.width; x += 2) {
        const i = (y * c.width + x) * 4;
        if (Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]) > 40) {
          sx += x;
          sy += y;
          n++;
        }
      }
    }
    return { x: sx / Math.max(n, 1), y: sy / Math.max(n, 1), n };
  });
}

describe('AI panel', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
    const deps = sourceTreeDeps();
    await ensureModel(app.engine, { builtInDir: deps.builtInModelsDir, userDir: join(app.scratch, 'home') });
  });
  after(async () => {
    await app?.close();
  });

  test('shows the probability the engine computes, the model card and the research-use line', async (t) => {
    const file = sharedFile(JPEG);
    if (!file) return t.skip(missingData(JPEG));
    const expected = await (async () => {
      const info = await app.engine.openStudy(file);
      try {
        return await app.engine.predict(info.studyId);
      } finally {
        await app.engine.closeStudy(info.studyId);
      }
    })();
    const v = app.viewer;
    await v.open(file);
    await v.waitForImage(file);
    const page = app.page;
    assert.match(await page.getByTestId('research-use').innerText(), /Research use only — not a diagnosis/);
    if (expected.warnings.length) {
      // Intended-use warnings come first; the number is only shown on request, and marked.
      const box = page.getByTestId('ai-warnings');
      await box.waitFor({ timeout: 120_000 });
      for (const w of expected.warnings) assert.ok((await box.innerText()).includes(w), `warning shown: ${w}`);
      assert.equal(await page.getByTestId('probability').count(), 0, 'probability hidden behind the warnings');
      assert.equal(await page.getByTestId('heatmap-controls').count(), 0, 'heat map held back with it');
      await v.screenshot('ai-warnings');
      await page.getByTestId('reveal-probability').click();
      assert.match(await page.getByTestId('ai-result').innerText(), /unreliable here/);
    }
    const shown = await v.probability();
    assert.ok(Math.abs(shown - expected.probability) < 0.0006, `shown ${shown}, engine ${expected.probability}`);
    const label = await page.getByTestId('label').innerText();
    assert.equal(label.includes('Pneumonia suspected'), expected.label === 'PNEUMONIA', label);
    const models = await app.engine.listModels();
    const active = models.find((m) => m.active) ?? models[0];
    // What the number is: a score (with the card's test-time views), and what the threshold was chosen for.
    const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
    const views = active.card.testTimeAugmentation?.views.length ?? 1;
    const meaning = await page.getByTestId('score-meaning').innerText();
    assert.match(meaning, new RegExp(`^The model's score${views > 1 ? ` \\(${views} test-time views averaged\\)` : ''}, not the chance that this patient has pneumonia\\. At or above ${pc(expected.threshold).replace('.', '\\.')} it is flagged`), meaning);
    const target = /sensitivity >= ([\d.]+)/.exec(active.card.threshold.rule)?.[1];
    if (target) assert.ok(meaning.includes(`find at least ${Math.round(Number(target) * 100)}% of pneumonia`), meaning);
    // Heard as well as seen: a polite live region, and the gauge with the same decimals as the screen.
    assert.match(await page.getByTestId('ai-announcement').textContent() ?? '', new RegExp(`^AI reading: model score ${pc(expected.probability).replace('.', '\\.')}, ${expected.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected'}`));
    assert.equal(await page.getByTestId('ai-announcement').getAttribute('role'), 'status');
    assert.match((await page.locator('svg.gauge').getAttribute('aria-label')) ?? '', new RegExp(`^Model score ${(expected.probability * 100).toFixed(1)} percent, (at or above|below) the threshold of ${(expected.threshold * 100).toFixed(1)} percent$`));
    // A JPEG records no age or view: the panel says the population checks could not run on it.
    if (active.card.population?.ageYears) assert.match(await page.getByTestId('answer-note').innerText(), /^A JPEG records no patient age or view, so Alveo could not check this image against what the model was trained on \(children aged \d+-\d+ years/);
    assert.equal(await page.getByTestId('model-name').innerText(), active.card.name);
    // The held-out cohorts' figures lead when the card has them (the shipped default does).
    const shifted = active.card.metrics?.validationShifted;
    const lead = shifted ?? active.card.metrics?.validation;
    if (lead) {
      const tiles = await page.getByTestId('model-metrics').innerText();
      assert.match(tiles, new RegExp(lead.auc.toFixed(3)));
      assert.match(tiles, new RegExp(`${(lead.specificity * 100).toFixed(1)}%`));
    }
    if (shifted && active.card.metrics?.validation) {
      assert.match(await page.getByTestId('model-metrics-caption').innerText(), new RegExp(`held-out cohorts[\\s\\S]*AUC ${active.card.metrics.validation.auc.toFixed(3)}`));
      // Not claimed as another site's figures: they come from the training hospital.
      assert.match(await page.getByTestId('model-metrics-caption').innerText(), /same hospital as training .*not another site's images/);
    }
    await v.screenshot('ai-probability');
  });

  test('a DICOM without a usable age is held back saying so; an age only the dates hold is shown', async (t) => {
    // dx12: PatientBirthDate holds an anonymiser's hash, no PatientAge or StudyDate.
    // dx16: no PatientAge, born 19570101, studied 20040831: 47 years by the dates.
    const noAge = sharedFile('dicom/small/dx12_mono1_512_rle.dcm');
    const byDates = sharedFile(DICOM);
    if (!noAge || !byDates) return t.skip(missingData('dicom/small'));
    const v = app.viewer;
    const page = app.page;
    const answer = async () => {
      await page.locator('[data-testid="ai-result"], [data-testid="ai-warnings"]').first().waitFor({ timeout: 120_000 });
      if (await page.getByTestId('reveal-probability').count()) await page.getByTestId('reveal-probability').click();
      await page.getByTestId('ai-result').waitFor();
    };
    await v.open(byDates);
    await v.waitForImage(byDates);
    await answer();
    assert.equal(await page.getByTestId('answer-note').count(), 0, 'a DICOM header is checked: no JPEG note');
    assert.equal(await page.getByTestId('study-born').innerText(), '1957-01-01');
    assert.equal(await page.getByTestId('study-age').innerText(), '47 years (from the dates)');
    assert.doesNotMatch(await page.getByTestId('ai-warnings').innerText(), /no usable age/, 'the age is known from the dates');
    // And the guardrail judged that same age.
    assert.match(await page.getByTestId('ai-warnings').innerText(), /47 years old/);
    // Seeing it anyway is in the audit trail: which file, and what held it back.
    const revealed = async () => (await auditLines(join(app.scratch, 'home'))).find((l) => l.action === 'recordReveal' && l.source === byDates) as { warnings?: string[] } | undefined;
    await until(async () => (await revealed()) !== undefined, 10_000, 'the reveal in the audit trail');
    assert.ok((await revealed())?.warnings?.some((w) => /47 years old/.test(w)));

    // dx12 last: the next test opens dx16, which must not be the image already on screen.
    await v.open(noAge);
    await v.waitForImage(noAge);
    await answer();
    const born = page.getByTestId('study-born');
    assert.equal(await born.innerText(), 'not a valid date');
    assert.match((await born.getAttribute('title')) ?? '', /^stored: d14a028c/);
    // The engine's guardrail, so the CLI and the worklist say it too, and the answer is held back.
    assert.match(await page.getByTestId('ai-warnings').innerText(), /records no usable age: the model was trained on children aged 1-5 years/);
    await v.screenshot('ai-age-unknown');

    // A paediatric site whose archive strips ages says so once (Models, "This site"): the study on
    // screen is read again, as the engine reads it under that policy, and nothing is held back.
    const siteChoice = async (on: boolean, notice: RegExp) => {
      await page.getByTestId('tab-models').click();
      await page.getByTestId('site-age-unknown').setChecked(on);
      await page.getByTestId('models-notice').filter({ hasText: notice }).waitFor();
      if (on) await v.screenshot('models-site-policy');
      await page.getByTestId('tab-viewer').click();
    };
    // A hand-edited settings.json with a typo: the Models tab says the choice did not take.
    await updateSettings(join(app.scratch, 'home'), { sitePolicy: { ageUnknown: 'read-as-kid' } });
    await page.getByTestId('tab-models').click();
    assert.match(await page.getByTestId('site-policy-problem').innerText(), /"sitePolicy\.ageUnknown" is "read-as-kid", which Alveo does not know \(accepted: hold-back, read-as-child\); it is read as hold-back/);
    assert.equal(await page.getByTestId('site-age-unknown').isChecked(), false, 'the safe default holds');
    await page.getByTestId('tab-viewer').click();
    await siteChoice(true, /now read as children/);
    assert.deepEqual(await app.engine.getSitePolicy(), { ageUnknown: 'read-as-child' });
    await page.getByTestId('tab-models').click();
    assert.equal(await page.getByTestId('site-policy-problem').count(), 0, 'a valid choice stored: nothing to say');
    await page.getByTestId('tab-viewer').click();
    const info = await app.engine.openStudy(noAge);
    const engineSays = await app.engine.predict(info.studyId);
    await app.engine.closeStudy(info.studyId);
    assert.deepEqual(engineSays.warnings, [], 'no other guardrail fires for this file');
    await page.getByTestId('ai-result').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('reveal-probability').count(), 0, 'not held back');
    assert.equal(await page.getByTestId('ai-warnings').count(), 0);
    assert.equal(await page.getByTestId('probability').innerText(), scorePercent(engineSays.probability));
    // Answered only because of the site's choice: the answer says so, on screen and from the engine.
    assert.deepEqual(engineSays.notes, [`The file records no usable age: read as a child's (1-5 years), as this site's policy says (Models tab, "This site").`]);
    assert.equal(await page.getByTestId('answer-note').innerText(), engineSays.notes?.[0]);
    // Back to the default: held back again.
    await siteChoice(false, /held back again/);
    await page.getByTestId('ai-warnings').filter({ hasText: /records no usable age/ }).waitFor({ timeout: 120_000 });
  });

  test('at 640 px (200% zoom), the AI drawer closed, the reading is said all the same with its notes; held back, why; Show anyway leaves the keyboard on the answer', async (t) => {
    const jpeg = sharedFile(JPEG);
    const adult = sharedFile(DICOM);
    if (!jpeg || !adult) return t.skip(missingData('kermany-orig/val and dicom/small'));
    const engineSays = async (file: string) => {
      const info = await app.engine.openStudy(file);
      try {
        return await app.engine.predict(info.studyId);
      } finally {
        await app.engine.closeStudy(info.studyId);
      }
    };
    const page = app.page;
    const v = app.viewer;
    const said = page.getByTestId('ai-announcement');
    const text = async () => ((await said.textContent()) ?? '').trim();
    const size = page.viewportSize();
    await page.setViewportSize({ width: 640, height: 400 });
    try {
      await page.getByTestId('drawer-toggle-ai').waitFor();
      assert.equal(await page.getByTestId('ai-side').count(), 0, 'the AI drawer is closed');
      const p = await engineSays(jpeg);
      await v.open(jpeg);
      // No study panel beside the image at this width (it is a closed drawer): the canvas says it.
      await v.waitForDrawn(jpeg);
      await until(async () => /^AI reading: model score /.test(await text()), 120_000, `the reading said with the drawer closed (says "${await text()}")`);
      assert.equal(await said.getAttribute('role'), 'status');
      assert.ok((await text()).includes(`model score ${scorePercent(p.probability)}, ${p.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected'}`), await text());
      // The notes said beside the answer (a JPEG's unchecked age and view) are said too.
      for (const note of p.notes ?? []) assert.ok((await text()).includes(note.replace(/\.$/, '')), `note said: ${note} in "${await text()}"`);

      // Held back (an adult's film): the reason, and no score.
      const held = await engineSays(adult);
      assert.ok(held.warnings.length > 0, 'the fixture is held back');
      await v.open(adult);
      await v.waitForDrawn(adult);
      await until(async () => /^The AI answer is held back: /.test(await text()), 120_000, `held back said (says "${await text()}")`);
      assert.ok((await text()).includes(held.warnings[0].replace(/\.$/, '')), `the first warning is the reason: ${await text()}`);
      assert.doesNotMatch(await text(), /model score|\d+\.\d%/);
      // Shown anyway from the drawer: the button goes, the keyboard lands on the answer (not <body>).
      await page.getByTestId('drawer-toggle-ai').click();
      await page.getByTestId('reveal-probability').click();
      await page.getByTestId('ai-result').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null), 'ai-result', 'focus on the revealed answer');
      await until(async () => /^AI reading: model score .*Unreliable here: /.test(await text()), 10_000, `the revealed answer said, unreliable (says "${await text()}")`);
      await page.keyboard.press('Escape');
      await page.getByTestId('ai-side').waitFor({ state: 'detached' });
    } finally {
      if (size) await page.setViewportSize(size);
    }
    // Wide again: the AI panel is back beside the image (the next test reads its heat map there).
    await page.getByTestId('ai-side').waitFor({ timeout: 30_000 });
  });

  test('the Grad-CAM overlay toggles, fades, and follows pan and window/level', async (t) => {
    const file = sharedFile(DICOM);
    const other = sharedFile(JPEG);
    if (!file || !other) return t.skip(missingData(file ? JPEG : DICOM));
    const v = app.viewer;
    // The test before left this DICOM on screen: opened again at once, the waits below could pass on
    // the old answer while the new open reset it (held back again), and the heat map never came.
    // Another image first makes the open a real change.
    await v.open(other);
    await v.waitForImage(other);
    await v.open(file);
    await v.waitForImage(file);
    await v.revealAnswer();
    await v.waitForHeatMap();
    await v.settle();
    const off = await v.canvasStats();
    assert.ok(off.colour < 1, `overlay starts hidden (colour ${off.colour.toFixed(2)})`);
    await v.setOverlay(true);
    await v.settle();
    const on = await v.canvasStats();
    assert.ok(on.colour > off.colour + 3, `overlay adds colour: ${off.colour.toFixed(2)} -> ${on.colour.toFixed(2)}`);
    await v.screenshot('ai-heatmap-on');
    // The map in words, and its colour key kept in forced colours (high contrast).
    assert.match(await app.page.getByTestId('heatmap-summary').innerText(), /^Strongest heat: (upper|middle|lower) zone, (left|right) half of the image as stored; \d+% of the image above half the maximum\.$/);
    await app.page.emulateMedia({ forcedColors: 'active' });
    try {
      const bar = await app.page.locator('[data-testid="heatmap-controls"] .bar').evaluate((el) => getComputedStyle(el).backgroundImage);
      assert.match(bar, /gradient/, `the legend keeps its colours: ${bar}`);
    } finally {
      await app.page.emulateMedia({ forcedColors: 'none' });
    }

    await app.page.getByTestId('overlay-opacity').fill('1');
    await v.settle();
    const opaque = await v.canvasStats();
    assert.ok(opaque.colour > on.colour, `more opacity, more colour: ${on.colour.toFixed(2)} -> ${opaque.colour.toFixed(2)}`);

    // Zoomed out a little, so the whole image (and all of its heat) stays on screen while panned.
    await v.wheelOnImage(240);
    await v.settle();
    const before = await colourCentroid(app);
    assert.ok(before.n > 100, 'overlay visible on the canvas');
    await v.dragOnImage(60, 40, { button: 'right' });
    await v.settle();
    const moved = await colourCentroid(app);
    assert.ok(Math.abs(moved.x - before.x - 60) < 4 && Math.abs(moved.y - before.y - 40) < 4, `overlay moved with the image: (${before.x.toFixed(1)},${before.y.toFixed(1)}) -> (${moved.x.toFixed(1)},${moved.y.toFixed(1)})`);
    await v.dragOnImage(-150, -100);
    await v.settle();
    assert.ok((await v.canvasStats()).colour > 3, 'overlay stays after a window/level change');
    await v.screenshot('ai-heatmap-panned');

    await app.page.keyboard.press('o');
    await v.settle();
    assert.ok((await v.canvasStats()).colour < 1, 'O hides the overlay again');
    assert.equal((await app.page.getByTestId('viewer-announcement').textContent())?.trim(), 'Heat map off');
    await app.page.keyboard.press('o');
    assert.match((await app.page.getByTestId('viewer-announcement').textContent()) ?? '', /^Heat map on\. Strongest heat: /, 'switched on by key: said with where the heat is');
    await app.page.keyboard.press('o');
  });

  test('an image nothing pushed towards pneumonia says its heat map is empty; one with heat does not', async (t) => {
    const dir = sharedFile('kermany-orig/val/NORMAL');
    const withHeat = sharedFile(JPEG);
    if (!dir || !withHeat) return t.skip(missingData('kermany-orig/val'));
    // The engine decides which image has an all-zero Grad-CAM (ReLU keeps only what raised the score).
    const maxHeat = async (file: string) => {
      const info = await app.engine.openStudy(file);
      try {
        await app.engine.predict(info.studyId);
        return (await app.engine.gradCam(info.studyId)).heat.reduce((m, x) => Math.max(m, x), 0);
      } finally {
        await app.engine.closeStudy(info.studyId);
      }
    };
    let empty: string | null = null;
    for (const f of (await readdir(dir)).sort()) {
      if ((await maxHeat(join(dir, f))) === 0) {
        empty = join(dir, f);
        break;
      }
    }
    if (!empty) return t.skip('no validation NORMAL image has an empty heat map with this model');
    const v = app.viewer;
    await v.open(empty);
    await v.waitForImage(empty);
    await v.revealAnswer();
    await v.waitForHeatMap();
    await app.page.getByTestId('heatmap-empty').waitFor();
    assert.match(await app.page.getByTestId('heatmap-empty').innerText(), /no region of this image pushed the model's score towards pneumonia/);
    assert.ok((await maxHeat(withHeat)) > 0);
    await v.open(withHeat);
    await v.waitForImage(withHeat);
    await v.revealAnswer();
    await v.waitForHeatMap();
    assert.equal(await app.page.getByTestId('heatmap-empty').count(), 0);
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe('AI panel without a model', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    const empty = join(await tempDir('alveo-no-models-'), 'models');
    await mkdir(empty, { recursive: true });
    app = await startApp({ builtInModelsDir: empty });
  });
  after(async () => {
    await app?.close();
  });

  test('says in plain words that no model is available', async (t) => {
    const file = sharedFile(JPEG);
    if (!file) return t.skip(missingData(JPEG));
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    const err = app.page.getByTestId('ai-error');
    await err.waitFor({ timeout: 60_000 });
    assert.match(await err.innerText(), /No AI model is available/);
    await app.viewer.screenshot('ai-no-model');
  });
});
