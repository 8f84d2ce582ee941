// Electron security scan (Doyensec Electronegativity) over the shell, the preload and the page:
// no high-severity finding is allowed. The scanner sees the three together, as the app runs them,
// so a setting made in one (e.g. navigation blocked in the shell) counts for the others.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

interface Finding {
  id: string;
  severity: { name?: string; value: number };
  confidence: { name?: string; value: number };
  file: string;
  location?: { line: number; column: number };
  manualReview?: boolean;
  description?: string;
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

const repo = resolve(import.meta.dirname, '../..');
const isHigh = (i: Finding) => (i.severity.name ?? '').toUpperCase() === 'HIGH' || i.severity.value >= 3;

test('electronegativity finds nothing of high severity in src-main/app, the preload and the page', async () => {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;
  const dir = await mkdtemp(join(tmpdir(), 'alveo-electronegativity-'));
  try {
    await cp(join(repo, 'src-main/app'), join(dir, 'app'), { recursive: true });
    await cp(join(repo, 'src-main/preload'), join(dir, 'preload'), { recursive: true });
    await cp(join(repo, 'src-renderer/index.html'), join(dir, 'renderer/index.html'));
    const electron = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
    const silence = console.log;
    console.log = () => undefined; // the scanner chats about translations and release lists
    let result;
    try {
      result = await run({
        input: dir,
        isRelative: true,
        electronVersionOverride: electron,
        // This check downloads Electron's release list; the build pins Electron in package.json.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      });
    } finally {
      console.log = silence;
    }
    const hard = result.errors.filter((e) => !e.tolerable);
    assert.deepEqual(hard, [], 'every file parsed');
    const scanned = result.issues.map((i) => `${i.id} ${i.severity.name ?? i.severity.value} ${i.file}:${i.location?.line ?? 0}`);
    const high = result.issues.filter(isHigh);
    assert.deepEqual(
      high.map((i) => `${i.id} ${i.file}:${i.location?.line ?? 0}`),
      [],
      `high-severity findings (all findings: ${scanned.join('; ') || 'none'})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// Without this, a scan that read no file (a wrong input path, a scanner update) would pass above.
test('the same scan flags a shell that turns context isolation off', async () => {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;
  const dir = await mkdtemp(join(tmpdir(), 'alveo-electronegativity-canary-'));
  try {
    await mkdir(join(dir, 'app'));
    await writeFile(
      join(dir, 'app', 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false } });\n",
    );
    const electron = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
    const silence = console.log;
    console.log = () => undefined;
    let result;
    try {
      result = await run({ input: dir, isRelative: true, electronVersionOverride: electron, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] });
    } finally {
      console.log = silence;
    }
    const high = result.issues.filter(isHigh).map((i) => `${i.id} ${i.file}`);
    assert.ok(high.includes('CONTEXT_ISOLATION_JS_CHECK app/main.js'), `high-severity findings: ${high.join('; ') || 'none'}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
