// The real app for browser tests: the renderer built once (Vite; rebuilt only when its sources
// change), the real engine with a temporary user folder, the web host on a random port, and a
// Chromium page already holding the session token.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createEngine, sourceTreeDeps, type Engine, type EngineDeps } from '../../../src-main/engine/index';
import { ensureRenderer } from '../../../src-main/hosts/web/ensure-renderer';
import { startWebHost, type WebHost } from '../../../src-main/hosts/web/server';
import { ViewerPage } from '../pages/viewer-page';
import { launchChromium } from './chromium';
import { REPO_ROOT, SCREENSHOTS } from './shared-data';

export interface AppUnderTest {
  engine: Engine;
  host: WebHost;
  browser: Browser;
  page: Page;
  viewer: ViewerPage;
  /** Scratch folder for files a test writes (corrupt images, ...). */
  scratch: string;
  /** Messages the page logged as errors (CSP violations would show here). */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function startApp(deps: Partial<EngineDeps> = {}): Promise<AppUnderTest> {
  const scratch = await mkdtemp(join(tmpdir(), 'alveo-e2e-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const rendererDir = await ensureRenderer(REPO_ROOT);
  const engine = createEngine(sourceTreeDeps({ userDir: join(scratch, 'home'), ...deps }));
  const host = await startWebHost({ engine, rendererDir });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const viewer = new ViewerPage(page, SCREENSHOTS);
  await viewer.goto(host.url);
  return {
    engine,
    host,
    browser,
    page,
    viewer,
    scratch,
    consoleErrors,
    async close() {
      await browser.close().catch(() => undefined);
      await host.close();
      await engine.dispose();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
