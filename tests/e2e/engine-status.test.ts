// The status bar names the inference engine that answers the viewer (issue 11), in real Chromium
// against the web host and the real engine with the shipped model.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { REPO_ROOT } from './support/shared-data';

const noModel = !existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default';

describe('status bar', { skip: chromiumMissing() ?? noModel ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(() => app?.close());

  test('shows the inference engine (ONNX Runtime and its provider), the tfjs training backend in its title', async () => {
    const status = app.page.getByTestId('engine-status');
    await status.waitFor({ timeout: 60_000 });
    const text = (await status.textContent()) ?? '';
    assert.match(text, /^engine \S+ · onnxruntime \((cpu, \d+ threads?|cuda|dml|coreml)\)(, \d+-view TTA)?$/, text);
    // What a training run will use (its worker may take more threads than the engine's own backend).
    const info = await app.engine.getInfo();
    assert.equal(await status.getAttribute('title'), `training: tfjs ${info.trainingBackend}`);
    assert.match(info.trainingBackend ?? '', /^(wasm|tensorflow|cpu)/);
  });

  test('a study deep in long folders: its path gives way (cut at the start, the file name shown), the engine stays whole', async () => {
    const dir = join(app.scratch, ...Array.from({ length: 12 }, (_, i) => `a-rather-long-department-folder-name-${i}`));
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'chest-long-path.png');
    const px = Buffer.from(Array.from({ length: 128 * 128 }, (_, i) => (i * 7) % 256));
    await sharp(px, { raw: { width: 128, height: 128, channels: 1 } }).png().toFile(file);
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    const path = app.page.getByTestId('status-file');
    await path.waitFor();
    const fit = async (id: string) =>
      app.page.getByTestId(id).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    const engine = await fit('engine-status');
    assert.ok(engine.scroll <= engine.client + 1, `engine text cut: ${engine.scroll} > ${engine.client}`);
    assert.match((await app.page.getByTestId('engine-status').textContent()) ?? '', /onnxruntime \(/);
    const p = await fit('status-file');
    assert.ok(p.scroll > p.client, 'the long path is cut');
    // The text overflows on the left: the path's end (the file name) lines up with the span's right edge.
    const text = await path.evaluate((el) => {
      const r = el.querySelector('bdi')!.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    const box = await path.evaluate((el) => el.getBoundingClientRect().left);
    assert.ok(text.left < box - 1, `the path is cut at its start (text from ${text.left}, span from ${box})`);
    assert.ok(Math.abs(text.right - p.right) <= 2, `file name end at ${text.right}, span ends at ${p.right}`);
  });
});
