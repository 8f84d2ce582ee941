// A worklist run outlives the page that started it: a reloaded page (or a second tab) takes the
// run up again (its rows so far, its progress, its Cancel) instead of calling it "cut short" and
// offering to start a second run beside it; a run asked again on the same folder is taken up, not
// started twice; a cancelled run says what it did, and last-run.json records its real end.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { EngineEvent } from '../../src-main/api/events';
import { buildResNet18 } from '../../src-main/engine/model/resnet18';
import { writeModelFolder } from '../../src-main/engine/model/model-store';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { WorklistPage } from './pages/worklist-page';
import { ViewerPage } from './pages/viewer-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { SCREENSHOTS } from './support/shared-data';
import { seededCard } from './support/worklist-fixtures';

/**
 * Images enough that the run is still going when the test cancels it: each is distinct (no cache
 * hits) and scored at 224 px on 8 test-time views (over 100 ms an image on 2 cores), so the run
 * would last minutes here and well over the seconds the test takes on a fast machine.
 */
const IMAGES = 2000;
/** Eight views of each image (zoomed and shifted): the model runs 8 times per image. */
const VIEWS: Array<[number, number, number]> = [
  [1, 0, 0],
  [1.1, 0, 0],
  [1.1, 0.05, 0],
  [1.1, -0.05, 0],
  [1.1, 0, 0.05],
  [1.1, 0, -0.05],
  [1.2, 0, 0],
  [0.95, 0, 0],
];

/** Bounds a wait that has no timeout of its own, naming it: a hang fails here, not as the test's timeout. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

// Browser globals used inside page.evaluate (no DOM library in the Node test config).
interface GridElement {
  scrollTop: number;
  readonly clientHeight: number;
  readonly scrollHeight: number;
  readonly style: { height: string };
  readonly dataset: { file?: string };
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number };
  querySelector(selector: string): GridElement | null;
  querySelectorAll(selector: string): Iterable<GridElement>;
}
declare const document: { querySelector(selector: string): GridElement | null };
declare function requestAnimationFrame(callback: () => void): number;

/**
 * Every file the worklist holds, top to bottom, read off the grid by scrolling it through (only the
 * rows in view are in the DOM); each row placed by its height, so a file held twice shows twice.
 */
function heldFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const grid = document.querySelector('[data-testid="worklist-table"]');
    const body = grid?.querySelector('.body');
    if (!grid || !body) return [];
    const items = Number(grid.getAttribute('aria-rowcount')) - 1;
    const rowHeight = parseFloat(body.style.height) / Math.max(1, items);
    const at = new Map<number, string>();
    for (let top = 0; ; top += Math.max(rowHeight, grid.clientHeight / 2)) {
      grid.scrollTop = top; // its scroll event moves the window of rows in the DOM
      // Two frames: painted. (Inline: a named function here would carry the test build's __name helper into the page.)
      await new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const origin = body.getBoundingClientRect().top;
      for (const el of grid.querySelectorAll('[data-testid="worklist-row"]')) at.set(Math.round((el.getBoundingClientRect().top - origin) / rowHeight), el.dataset.file ?? '');
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) break;
    }
    return [...at.entries()].sort((a, b) => a[0] - b[0]).map(([, file]) => file);
  });
}

describe('worklist after a page reload mid-run', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest | null = null;
  let builtIn: string;
  before(async () => {
    builtIn = await mkdtemp(join(tmpdir(), 'alveo-builtin-'));
    const tf = await getTf();
    const model = buildResNet18(tf, { inputSize: 224, seed: 3 });
    try {
      const card = { ...seededCard('default', { name: 'Slow test model', seed: 3, inputSize: 224 }), testTimeAugmentation: { views: VIEWS, combine: 'mean-logit' as const } };
      await writeModelFolder(tf, model, card, join(builtIn, 'default'));
    } finally {
      model.dispose();
    }
  });
  after(async () => {
    await app?.close();
    await rm(builtIn, { recursive: true, force: true });
  });

  test('the reloaded page and a second tab take the run up; Cancel stops it; no second job is started', { timeout: 300_000 }, async () => {
    app = await startApp({ builtInModelsDir: builtIn });
    const folder = join(app.scratch, 'many');
    await mkdir(folder);
    // Two pixels spell the image's number: every file has its own content, so none comes from the cache.
    for (let i = 0; i < IMAGES; i++) {
      await writeGrayPng(join(folder, `img-${String(i).padStart(5, '0')}.png`), 64, 64, [
        { top: 0, left: 0, height: 1, width: 1, value: i & 255 },
        { top: 0, left: 1, height: 1, width: 1, value: i >> 8 },
        { top: 16, left: 16, height: 32, width: 32, value: 180 },
      ]);
    }
    const scoreJobs = new Set<string>();
    app.engine.subscribe((e: EngineEvent) => e.type !== 'job:row' && e.kind === 'score' && scoreJobs.add(e.jobId));

    // A second tab, open before the run starts: it shows nothing yet.
    const other = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await new ViewerPage(other, SCREENSHOTS).goto(app.host.url);
    const otherList = new WorklistPage(other, SCREENSHOTS);
    await otherList.show();

    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    await list.start(folder, true);
    await list.waitForRows(3);
    const [running] = await app.engine.runningScores();
    assert.ok(running, 'the engine lists the run');
    assert.equal(running.spec.folder, folder);

    // The second tab asks for the folder without its sub-folders: another run, started beside it;
    // its Cancel stops only its own.
    await otherList.start(folder, false);
    await other.locator('[data-testid="worklist-progress"][data-status="running"]').waitFor();
    assert.equal(await other.getByTestId('worklist-run-notice').count(), 0, 'not taken up');
    const own = (await app.engine.runningScores({ rows: false })).find((r) => r.jobId !== running.jobId);
    assert.ok(own, 'a run of its own');
    assert.equal(own.spec.recursive, false);
    await other.getByTestId('worklist-cancel').click();
    assert.equal(await otherList.waitForEnd(30_000), 'cancelled');
    await within(30_000, 'the cancelled second run ends in the engine', app.engine.waitForJob(own.jobId));
    assert.deepEqual((await app.engine.runningScores({ rows: false })).map((r) => r.jobId), [running.jobId], 'the first run goes on');
    assert.equal(await list.status(), 'running');

    // The second tab asks for the same folder: it takes up the run under way, it does not start another.
    await otherList.start(folder, true);
    await other.locator('[data-testid="worklist-progress"][data-status="running"]').waitFor();
    assert.match(await other.getByTestId('worklist-run-notice').innerText(), /already being scored/);
    await otherList.waitForRows(1);
    assert.deepEqual([...scoreJobs], [running.jobId, own.jobId], 'no score job beside the two');

    // The first tab is reloaded: it takes the run up again (never "cut short"), with its rows so far.
    await app.page.reload();
    await app.page.getByTestId('study-panel').waitFor();
    await list.show();
    await app.page.locator('[data-testid="worklist-progress"][data-status="running"], [data-testid="worklist-last-run"]').first().waitFor();
    assert.equal(await app.page.getByTestId('worklist-last-run').count(), 0, 'a run still going is not offered as cut short');
    assert.equal(await list.status(), 'running');
    await list.waitForRows(3);
    assert.equal(await app.page.getByTestId('worklist-folder').inputValue(), folder, 'the folder box shows the run taken up');
    const rows = await list.rows();
    assert.ok(rows.length >= 3 && rows.every((r) => dirname(r.file) === folder && r.error === null), 'its own rows');
    assert.match(await app.page.getByTestId('worklist-count').innerText(), new RegExp(`/ ${IMAGES}$`), 'its progress, of all its images');
    await list.screenshot('worklist-reload-taken-up');

    // Cancel on the reloaded page stops that run.
    await app.page.getByTestId('worklist-cancel').click();
    assert.equal(await list.waitForEnd(30_000), 'cancelled');
    assert.equal(await otherList.waitForEnd(30_000), 'cancelled', 'the second tab sees the same run end');
    await within(30_000, 'the cancelled first run ends in the engine', app.engine.waitForJob(running.jobId));
    assert.deepEqual(await app.engine.runningScores(), [], 'no run left going');
    assert.deepEqual([...scoreJobs], [running.jobId, own.jobId], 'no other score job was ever started');

    // The page and last-run.json say it was cancelled, with how far it got.
    const count = /^(\d+) \/ (\d+)$/.exec((await app.page.getByTestId('worklist-count').innerText()).trim());
    assert.ok(count, 'count shown');
    const done = Number(count[1]);
    assert.ok(done >= 3 && done < IMAGES, `${done} images done when cancelled`);
    const last = await app.engine.getLastScoreRun();
    assert.deepEqual([last?.folder, last?.outcome, last?.done, last?.total], [folder, 'cancelled', done, IMAGES]);
    // Both pages hold each row of the run once, none lost: the reloaded one (its rows so far, then
    // events) and the tab that took it up (specs first, then its rows so far, then events).
    for (const [name, page] of [['reloaded page', app.page], ['second tab', other]] as const) {
      assert.equal((await page.getByTestId('worklist-count').innerText()).trim(), `${done} / ${IMAGES}`, `${name}: the run's count`);
      const files = await within(60_000, `${name}: reading its rows`, heldFiles(page));
      assert.equal(files.length, done, `${name}: one row per image done`);
      assert.equal(new Set(files).size, files.length, `${name}: no file twice`);
      assert.ok(files.every((f) => dirname(f) === folder), `${name}: the run's own files`);
    }
    // The cancelled run's summary: from the cache, and the time it ran.
    assert.equal(await app.page.getByTestId('worklist-cached').innerText(), '0 cached');
    assert.match(await app.page.getByTestId('worklist-run-time').innerText(), /^cancelled after /);
    assert.match(await app.page.getByTestId('worklist-announce').innerText(), new RegExp(`^Scoring cancelled after ${done} of ${IMAGES} images`));
    await list.screenshot('worklist-reload-cancelled');
    await other.close();
  });
});
