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
});
