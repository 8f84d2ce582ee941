// Opening a study set in Debian Chromium against the real engine, on real radiographs copied into a
// scratch folder with a truncated DICOM and non-images mixed in: the files the set leaves out are
// named with why (and the note can be dismissed); a failed open leaves the open set and the viewer
// as they were; the strip keeps the current thumbnail in view while the arrow keys move.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Locator } from 'playwright-core';
import { sourceTreeDeps } from '../../src-main/engine/index';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';
import { ensureModel } from './support/test-model';

// Browser globals used inside page functions (no DOM library in the Node test config).
interface Box {
  left: number;
  right: number;
}
declare const document: {
  querySelector(s: string): { textContent: string | null; scrollWidth: number; clientWidth: number; getBoundingClientRect(): Box } | null;
};

const XRAYS = ['kermany-orig/val/NORMAL', 'kermany-orig/val/PNEUMONIA'];
const DICOM = 'dicom/small/dx16_mono2_512_explicitLE.dcm';

/** The first 60 kB of a real DICOM: its header is there, the rest of its pixel data is not. */
async function writeTruncated(dest: string, src: string): Promise<void> {
  await writeFile(dest, (await readFile(src)).subarray(0, 60_000));
}

describe('opening a study set', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  /** The real images copied; then, once the folder has opened, in the order the strip shows them. */
  let images: string[] = [];
  let folder = '';
  let missing: string | null = null;

  before(async () => {
    app = await startApp();
    const sources = [...XRAYS, DICOM].map((r) => [r, sharedFile(r)] as const);
    missing = sources.find(([, p]) => !p)?.[0] ?? null;
    if (missing) return;
    const deps = sourceTreeDeps();
    await ensureModel(app.engine, { builtInDir: deps.builtInModelsDir, userDir: join(app.scratch, 'home') });
    folder = join(app.scratch, 'ward');
    await mkdir(folder);
    for (const dir of XRAYS.map((r) => sharedFile(r) as string)) {
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.jpeg'))) {
        await copyFile(join(dir, name), join(folder, name)); // a scratch copy, deleted with the test's folder
        images.push(join(folder, name));
      }
    }
    await writeTruncated(join(folder, 'truncated.dcm'), sharedFile(DICOM) as string);
    await writeFile(join(folder, 'notes.txt'), 'second reader: done\n');
  });
  after(async () => {
    await app?.close();
  });

  const page = () => app.page;
  const position = () => page().getByTestId('strip-position').innerText();
  const note = () => page().getByTestId('study-set-not-shown');
  const current = () => page().locator('[data-testid="strip-thumbnail"][aria-current="true"]');
  /** What a note says (without its Dismiss button). */
  const said = async (el: Locator) => (await el.locator('span').innerText()).trim();

  function needsData(t: TestContext): boolean {
    if (missing) t.skip(missingData(missing));
    return Boolean(missing);
  }

  async function at(n: number): Promise<void> {
    const want = `Image ${n} of ${images.length}`;
    await page().waitForFunction((w) => document.querySelector('[data-testid="strip-position"]')?.textContent?.includes(w) ?? false, want, { timeout: 60_000 });
  }

  async function openFolder(): Promise<void> {
    await app.viewer.open(folder);
    await page().getByTestId('thumbnail-strip').waitFor({ timeout: 60_000 });
    await at(1);
    const shown = await page().getByTestId('strip-thumbnail').evaluateAll((els) => els.map((e) => e.getAttribute('data-file') ?? ''));
    assert.deepEqual([...shown].sort(), [...images].sort(), 'the strip shows every real image, and only those');
    images = shown;
  }

  test('the files a folder leaves out are named with why, and the note can be dismissed', async (t) => {
    if (needsData(t)) return;
    await openFolder();
    await note().waitFor();
    assert.equal(await said(note()), '2 files not shown: truncated.dcm (damaged or incomplete), notes.txt (not an image)');
    const title = (await note().getAttribute('title')) ?? '';
    // The tooltip gives each file's full path and the engine's own reason.
    const set = await app.engine.openStudySet([folder]);
    assert.deepEqual(
      title.split('\n'),
      [...set.errors.map((e) => `${e.file}: ${e.error}`), ...set.skipped.map((x) => `${x.file}: ${x.reason}`)],
    );
    assert.deepEqual([...set.errors, ...set.skipped].map((f) => f.file), [join(folder, 'truncated.dcm'), join(folder, 'notes.txt')]);
    await app.viewer.screenshot('study-set-files-not-shown');
    await note().getByRole('button', { name: 'Dismiss' }).click();
    await note().waitFor({ state: 'detached' });

    // More than three: three named, then how many more.
    const mixed = join(app.scratch, 'mixed');
    await mkdir(mixed);
    for (const file of images.slice(0, 2)) await copyFile(file, join(mixed, basename(file)));
    await writeTruncated(join(mixed, 'cut-a.dcm'), sharedFile(DICOM) as string);
    await writeTruncated(join(mixed, 'cut-b.dcm'), sharedFile(DICOM) as string);
    await writeFile(join(mixed, 'empty.png'), '');
    await writeFile(join(mixed, 'notes.txt'), 'checked\n');
    await writeFile(join(mixed, 'report.pdf'), '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n');
    await app.viewer.open(mixed);
    await page().waitForFunction(() => document.querySelector('[data-testid="strip-position"]')?.textContent?.includes('Image 1 of 2') ?? false, undefined, { timeout: 60_000 });
    assert.equal(
      await said(note()),
      '5 files not shown: cut-a.dcm (damaged or incomplete), cut-b.dcm (damaged or incomplete), empty.png (not an image) and 2 more',
    );
    assert.equal(((await note().getAttribute('title')) ?? '').split('\n').length, 5, 'the tooltip lists every file with its reason');

    // One image and a note: no strip, but the note still says what was left out.
    const single = join(app.scratch, 'single');
    await mkdir(single);
    await copyFile(images[2], join(single, basename(images[2])));
    await writeFile(join(single, 'notes.txt'), 'one view only\n');
    await app.viewer.open(single);
    await app.viewer.waitForImage(join(single, basename(images[2])));
    await page().getByTestId('thumbnail-strip').waitFor({ state: 'detached' });
    assert.equal(await said(note()), '1 file not shown: notes.txt (not an image)');
  });

  test('a failed open leaves the open set and the viewer as they were', async (t) => {
    if (needsData(t)) return;
    await openFolder();
    await app.viewer.waitForImage(images[0]);
    await page().keyboard.press('ArrowRight');
    await at(2);
    await app.viewer.waitForImage(images[1]);
    const noteBefore = await said(note());

    const nothingReadable = join(app.scratch, 'nothing-readable');
    await mkdir(nothingReadable);
    await writeTruncated(join(nothingReadable, 'cut.dcm'), sharedFile(DICOM) as string);
    await writeFile(join(nothingReadable, 'notes.txt'), 'no images here\n');
    const bad = [join(folder, 'missing.dcm'), join(folder, 'notes.txt'), join(folder, 'truncated.dcm'), nothingReadable];
    for (const path of bad) {
      await app.viewer.open(path);
      await app.viewer.openError().waitFor({ timeout: 60_000 });
      assert.ok(await page().getByTestId('thumbnail-strip').isVisible(), `the strip stays after opening ${path}`);
      assert.equal(await page().getByTestId('strip-thumbnail').count(), images.length, `every thumbnail stays after opening ${path}`);
      assert.match(await position(), new RegExp(`^Image 2 of ${images.length}\\b`), `the set still shows image 2 after opening ${path}`);
      assert.equal(await current().getAttribute('data-file'), images[1]);
      assert.equal((await page().getByTestId('status-file').innerText()).trim(), images[1], 'the status bar names the image on screen');
      assert.equal(await said(note()), noteBefore, "the set's note is unchanged");
      if (path === nothingReadable) {
        // The viewer's error names one file; the other file that failed with it is named too.
        const error = page().getByTestId('study-set-error');
        assert.equal(await said(error), 'Nothing could be opened: cut.dcm (damaged or incomplete), notes.txt (not an image)');
        await app.viewer.screenshot('study-set-nothing-readable');
        await error.getByRole('button', { name: 'Dismiss' }).click();
        await error.waitFor({ state: 'detached' });
      }
      await app.viewer.openError().getByRole('button', { name: 'Dismiss' }).click();
      await app.viewer.openError().waitFor({ state: 'detached' });
    }
    // The set still moves with the arrow keys.
    await page().keyboard.press('ArrowRight');
    await at(3);
    await app.viewer.waitForImage(images[2]);
  });

  test('the strip keeps the current thumbnail in view while the arrow keys move', async (t) => {
    if (needsData(t)) return;
    await openFolder();
    const overflow = await page().evaluate(() => {
      const thumbs = document.querySelector('[data-testid="thumbnail-strip"] .thumbs');
      return thumbs ? thumbs.scrollWidth - thumbs.clientWidth : 0;
    });
    assert.ok(overflow > 200, `the strip is wider than the viewer (${overflow}px hidden), so following matters`);
    /** How far the current thumbnail sticks out of the strip's visible part (0 when in view). */
    const outside = () =>
      page().evaluate(() => {
        const strip = document.querySelector('[data-testid="thumbnail-strip"] .thumbs')?.getBoundingClientRect();
        const thumb = document.querySelector('[data-testid="strip-thumbnail"][aria-current="true"]')?.getBoundingClientRect();
        return strip && thumb ? Math.max(0, strip.left - thumb.left, thumb.right - strip.right) : Infinity;
      });
    for (let n = 2; n <= images.length; n++) {
      await page().keyboard.press('ArrowRight');
      await at(n);
      await app.viewer.settle();
      assert.equal(await outside(), 0, `thumbnail ${n} of ${images.length} is in view`);
    }
    assert.equal(await current().getAttribute('data-file'), images.at(-1));
    await app.viewer.screenshot('study-set-strip-follows');
    for (let n = images.length; n > 1; n--) await page().keyboard.press('ArrowLeft');
    await at(1);
    await app.viewer.settle();
    assert.equal(await outside(), 0, 'back at the first thumbnail, it is in view');
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
