// Switching studies must release the previous one's pixels in the page (the values kept for the
// readout and the cornerstone image). Measured with the page's own heap figures after forced
// garbage collection, on a 1841x1955 15-bit radiograph (about 14 MB of values per copy held).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';

const LARGE = 'dicom/native/RG1_JLSN_cr_chest_jpegls_nearlossless.dcm';
const SMALL = 'dicom/small/cr8_mono2_512_explicitLE.dcm';

async function pageMemoryMb(app: AppUnderTest): Promise<number> {
  const cdp = await app.page.context().newCDPSession(app.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    // Typed-array bytes live outside the JS heap; count them when the browser reports them.
    return (usage.usedSize + (usage.backingStorageSize ?? 0)) / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

/** DOM nodes and event listeners the page holds after forced garbage collection, detached ones included. */
async function domCounters(app: AppUnderTest): Promise<{ nodes: number; listeners: number }> {
  const cdp = await app.page.context().newCDPSession(app.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const c = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
    return { nodes: c.nodes, listeners: c.jsEventListeners };
  } finally {
    await cdp.detach();
  }
}

describe('viewer memory', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp({ builtInModelsDir: '/nonexistent-models-dir' });
  });
  after(async () => {
    await app?.close();
  });

  test('opening studies one after another does not accumulate their pixels', async (t) => {
    const large = sharedFile(LARGE);
    const small = sharedFile(SMALL);
    if (!large || !small) return t.skip(missingData(large ? SMALL : LARGE));
    const v = app.viewer;
    const cycle = async () => {
      await v.open(large);
      await v.waitForImage(large);
      await v.open(small);
      await v.waitForImage(small);
    };
    await cycle();
    const first = await pageMemoryMb(app);
    for (let i = 0; i < 4; i++) await cycle();
    const last = await pageMemoryMb(app);
    t.diagnostic(`page memory after 1 cycle ${first.toFixed(1)} MB, after 5 cycles ${last.toFixed(1)} MB`);
    // Holding each large study would add ~14 MB (values) + ~7 MB (16-bit copy) per cycle.
    assert.ok(last - first < 25, `page memory grew ${(last - first).toFixed(1)} MB over 4 more cycles`);
  });

  // Review 40 F1: a closed viewport stayed alive through its screen-resolution listener, with its
  // whole pane: +474 nodes per Viewer-Worklist round trip, +124 per comparison opened and closed.
  test('closing panes (the worklist tab and back, the comparison on and off) leaves no viewport behind', async (t) => {
    const small = sharedFile(SMALL);
    if (!small) return t.skip(missingData(SMALL));
    const page = app.page;
    await app.viewer.open(small);
    await app.viewer.waitForImage(small);
    const cycle = async () => {
      await page.getByTestId('tab-worklist').click();
      await page.getByTestId('worklist-panel').waitFor();
      await page.getByTestId('tab-viewer').click();
      await page.getByTestId('viewport').waitFor();
      await page.getByTestId('compare-toggle').click();
      await page.getByTestId('viewport-compare').waitFor({ state: 'attached' });
      await page.getByTestId('compare-toggle').click();
      await page.getByTestId('viewport-compare').waitFor({ state: 'detached' });
    };
    await cycle();
    const first = await domCounters(app);
    for (let i = 0; i < 8; i++) await cycle();
    const last = await domCounters(app);
    t.diagnostic(`after 1 cycle ${first.nodes} nodes, ${first.listeners} listeners; after 9 ${last.nodes}, ${last.listeners}`);
    // A viewport kept per cycle is ~600 nodes and ~18 listeners: 8 more cycles would add thousands.
    assert.ok(last.nodes - first.nodes < 400, `DOM nodes grew by ${last.nodes - first.nodes} over 8 more cycles`);
    assert.ok(last.listeners - first.listeners < 20, `event listeners grew by ${last.listeners - first.listeners} over 8 more cycles`);
  });
});
