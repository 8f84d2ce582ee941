// The status bar names the inference engine that answers the viewer (issue 11), in real Chromium
// against the web host and the real engine with the shipped model.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
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
    assert.match(text, /^engine \S+ · onnxruntime \((cpu, \d+ threads?|cuda|dml|coreml)\)$/, text);
    assert.match((await status.getAttribute('title')) ?? '', /^training: tfjs (wasm|tensorflow|cpu)/);
  });
});
