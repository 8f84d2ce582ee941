// How smooth the viewer is on a large radiograph (2000x2128, 12-bit JPEG 2000 DICOM) in Debian
// Chromium: time from "Open" to pixels on screen, and cornerstone's per-frame render time while
// dragging window/level (full LUT pass) and while panning (cached image redrawn).
// Run: node --import tsx bench/viewer-render.bench.ts
import { startApp } from '../tests/e2e/support/app-under-test';
import { chromiumMissing } from '../tests/e2e/support/chromium';
import { sharedFile } from '../tests/e2e/support/shared-data';

declare const document: { querySelector(s: string): { addEventListener(t: string, f: (e: { detail: { renderTimeInMs: number } }) => void): void } | null };
declare const window: { __renders: number[] };

const REL = 'dicom/native/966_fixed_dx_chest_j2k_lossless.dcm';
const missing = chromiumMissing();
const file = sharedFile(REL);
if (missing || !file) {
  console.log(`skipped: ${missing ?? `${REL} not found under ../shared/data`}`);
  process.exit(0);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `n=${s.length} median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};

const app = await startApp({ builtInModelsDir: '/nonexistent-models-dir' });
try {
  const v = app.viewer;
  const t0 = performance.now();
  await v.open(file);
  await v.waitForImage(file);
  console.log(`open ${REL} -> on screen: ${(performance.now() - t0).toFixed(0)} ms (engine decode + transfer + first render)`);
  await app.page.evaluate(() => {
    window.__renders = [];
    document.querySelector('[data-testid="viewport"]')!.addEventListener('cornerstoneimagerendered', (e) => window.__renders.push(e.detail.renderTimeInMs));
  });
  const take = () => app.page.evaluate(() => window.__renders.splice(0));
  const box = (await v.viewport.boundingBox())!;
  const drag = async (button: 'left' | 'right', steps: number) => {
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await app.page.mouse.move(x, y);
    await app.page.mouse.down({ button });
    for (let i = 1; i <= steps; i++) {
      await app.page.mouse.move(x + Math.sin(i / 7) * 200, y + Math.cos(i / 9) * 150);
      await v.settle();
    }
    await app.page.mouse.up({ button });
  };
  await drag('left', 60);
  console.log(`window/level drag frames: ${stats(await take())}`);
  await drag('right', 60);
  console.log(`pan drag frames:          ${stats(await take())}`);
  for (let i = 0; i < 30; i++) {
    await v.wheelOnImage(i % 2 ? 120 : -120);
    await v.settle();
  }
  console.log(`wheel zoom frames:        ${stats(await take())}`);
} finally {
  await app.close();
}
