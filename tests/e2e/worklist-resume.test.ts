// A batch cut short by a killed process (kill -9 of `alveo score` here; a crashed app or web host
// alike): the next start of the app offers that folder again in the worklist, says how far it got,
// and "Score the rest" finishes it with the images already done taken from the cache.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCli } from '../cli/support/run-cli';
import { WorklistPage } from './pages/worklist-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, SCREENSHOTS, sharedFile } from './support/shared-data';

const SOURCE = 'kermany-orig/train/PNEUMONIA';
const IMAGES = 600;

describe('worklist after a crash', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest | null = null;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alveo-resume-'));
  });
  after(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the run a killed process left is offered again, and finishing it reuses what was done', { timeout: 300_000 }, async (t) => {
    const source = sharedFile(SOURCE);
    if (!source) return t.skip(missingData(SOURCE));
    const folder = join(dir, 'studies');
    await mkdir(folder);
    for (const f of (await readdir(source)).sort().slice(0, IMAGES)) await symlink(join(source, f), join(folder, f));
    const home = join(dir, 'home');

    // One view (fast scoring), so the test stays short; the offer keeps that choice.
    const run = startCli(['score', folder, '--one-view', '--csv', join(dir, 'out.csv')], { ALVEO_HOME: home });
    // Killed once some images are done and recorded (progress is written every few seconds).
    const scored = () => Number([...run.stderr().matchAll(/scored (\d+)\/\d+/g)].at(-1)?.[1] ?? 0);
    const deadline = Date.now() + 120_000;
    while (scored() < 10) {
      assert.ok(Date.now() < deadline && run.child.exitCode === null, `the CLI should be scoring: ${run.stderr().slice(-300)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The cache and the record are saved every few seconds: kill right after the first save of each
    // (polled, not a fixed wait: a fast machine would otherwise finish all 600 first).
    const saved = async () => {
      const record = await readFile(join(home, 'worklist', 'last-run.json'), 'utf8').then((t) => JSON.parse(t) as { done?: number }, () => null);
      const cache = await readdir(join(home, 'cache', 'scores', 'one-view')).catch(() => []);
      return (record?.done ?? 0) >= 10 && cache.some((f) => f.endsWith('.json'));
    };
    while (!(await saved())) {
      assert.ok(Date.now() < deadline && run.child.exitCode === null, `the record and cache should be saved: ${run.stderr().slice(-300)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Paused, not ended: the app opened beside a run of the command line says it is still going
    // there, and offers no second run of it.
    run.child.kill('SIGSTOP');
    app = await startApp({ userDir: home });
    const list = new WorklistPage(app.page, SCREENSHOTS);
    await list.show();
    const offer = app.page.getByTestId('worklist-last-run');
    await offer.waitFor();
    assert.match((await offer.innerText()).trim(), new RegExp(`^The run on ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is still going in another Alveo process \\(the command line or another window\\): \\d+ of 600 images when last recorded$`));
    assert.equal(await app.page.getByTestId('worklist-resume').count(), 0, 'no second run offered');
    run.child.kill('SIGKILL');
    assert.ok(scored() < IMAGES - 20, 'still far from done when killed');
    await run.done;
    // Once that process is gone, the same record reads as cut short.
    await app.page.getByTestId('worklist-last-run-check').click();
    await app.page.getByTestId('worklist-resume').waitFor();
    const text = await offer.innerText();
    const m = /^The last run on (.+) was cut short after (\d+) of 600 images$/.exec(text.trim());
    assert.ok(m, text);
    assert.equal(m[1], folder);
    const done = Number(m[2]);
    assert.ok(done >= 10 && done < IMAGES, `${done} images recorded as done`);
    assert.equal(await app.page.getByTestId('worklist-folder').inputValue(), folder, 'the folder box is filled in');
    await list.screenshot('worklist-resume-offer');

    await app.page.getByTestId('worklist-resume').click();
    // About 550 images at one view: well under a minute on an idle machine, minutes beside other work.
    assert.equal(await list.waitForEnd(240_000), 'done');
    // What the killed run had saved (its cache is written every 5 s) is not scored again.
    const cached = Number(await app.page.getByTestId('worklist-cached').locator('b').innerText());
    assert.ok(cached > 0 && cached <= done + 200, `${cached} from the cache, ${done} recorded done`);
    assert.deepEqual(await app.engine.getLastScoreRun().then((r) => [r?.folder, r?.outcome, r?.oneView, r?.done, r?.total]), [folder, 'done', true, IMAGES, IMAGES]);
    assert.match(await app.page.getByTestId('worklist-active-model').innerText(), /\(one view\)/i, 'resumed as it was asked: one view');
  });
});
