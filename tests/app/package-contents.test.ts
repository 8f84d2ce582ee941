// What `npm run dist` puts in the Linux x64 package, checked by running electron-builder itself on
// the built app (`--dir` target, no installer). The Electron binary cannot be downloaded here, so a
// stand-in executable takes its place and the fuses (which edit that binary) are left out; the file
// selection under test is electron-builder's own. The package must hold the app, the shipped model
// and ONNX Runtime's binary for its own platform and architecture only (onnxruntime-node carries
// all of them: 155 MB unpacked instead of 45), and nothing from the working tree besides.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const repo = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const skip = process.platform !== 'linux' || process.arch !== 'x64' ? 'packs the Linux x64 target: runs on Linux x64 only' : false;

test('the Linux x64 package holds the app, the default model and only linux/x64 ONNX Runtime binaries', { skip, timeout: 300_000 }, async () => {
  const { build: viteBuild } = await import('electron-vite');
  await viteBuild({ configFile: join(repo, 'electron.vite.config.ts'), root: repo, logLevel: 'warn' });
  const work = await mkdtemp(join(tmpdir(), 'alveo-pack-'));
  try {
    const fakeElectron = join(work, 'electron-dist');
    await mkdir(fakeElectron);
    await writeFile(join(fakeElectron, 'electron'), '#!/bin/sh\n');
    await chmod(join(fakeElectron, 'electron'), 0o755);
    const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
    const config = yaml.load(readFileSync(join(repo, 'electron-builder.yml'), 'utf8'));
    config.electronFuses = null; // they rewrite the real Electron binary (null: not the file's)
    config.electronDist = fakeElectron;
    config.directories = { ...(config.directories as object), output: join(work, 'dist') };
    const builder = require('electron-builder') as {
      build(o: { projectDir: string; targets: Map<unknown, unknown>; config: object }): Promise<string[]>;
      Platform: { LINUX: { createTarget(type: string, arch: number): Map<unknown, unknown> } };
      Arch: { x64: number };
    };
    await builder.build({ projectDir: repo, targets: builder.Platform.LINUX.createTarget('dir', builder.Arch.x64), config });

    const resources = join(work, 'dist', 'linux-unpacked', 'resources');
    assert.ok(existsSync(join(resources, 'models', 'default', 'card.json')), 'the default model ships as a resource');
    const asar = require('@electron/asar') as { listPackage(file: string): string[] };
    const listed = asar.listPackage(join(resources, 'app.asar'));
    for (const f of ['/package.json', '/out/main/index.js', '/out/renderer/index.html']) assert.ok(listed.includes(f), `app.asar holds ${f}`);
    const tops = [...new Set(listed.map((f) => f.split('/')[1]))].sort();
    assert.deepEqual(tops, ['node_modules', 'out', 'package.json'], 'nothing else from the working tree (test results, sources)');
    assert.equal(listed.filter((f) => f.endsWith('.map')).length, 0, 'no source maps');

    // The main entry stays in the checked archive; the workers and their chunks are real files (review 29 F14).
    const unpacked = join(resources, 'app.asar.unpacked');
    assert.ok(!existsSync(join(unpacked, 'out', 'main', 'index.js')), 'the main entry is not unpacked');
    for (const w of ['score.worker.js', 'training.worker.js']) assert.ok(existsSync(join(unpacked, 'out', 'main', w)), `${w} unpacked`);
    // sharp decodes every image: its binary for this platform (the afterPack check refuses a package without).
    assert.ok(existsSync(join(unpacked, 'node_modules', '@img', 'sharp-linux-x64')), 'sharp for linux-x64');

    const bin = join(resources, 'app.asar.unpacked', 'node_modules', 'onnxruntime-node', 'bin');
    const napi = await readdir(bin);
    assert.ok(napi.length >= 1, 'onnxruntime-node binaries unpacked');
    for (const v of napi) {
      assert.deepEqual(await readdir(join(bin, v)), ['linux'], `${v}: only the linux binaries`);
      assert.deepEqual(await readdir(join(bin, v, 'linux')), ['x64'], `${v}: only x64`);
      const files = await readdir(join(bin, v, 'linux', 'x64'));
      assert.ok(files.includes('onnxruntime_binding.node') && files.some((f) => f.startsWith('libonnxruntime.so')), files.join(', '));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
