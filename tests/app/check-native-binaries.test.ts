// The afterPack check (scripts/check-native-binaries.cjs): a package must hold the sharp and ONNX
// Runtime binaries of its own OS and architecture; Windows packed on Linux (Linux's sharp) is
// refused, saying to build on that OS (review 29 F3). Intel macOS has no ONNX Runtime binary: allowed.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/temp-dir';

const require = createRequire(import.meta.url);
const check = (require('../../scripts/check-native-binaries.cjs') as { default(c: object): Promise<void> }).default;

async function unpacked(root: string, dirs: string[]): Promise<void> {
  for (const d of dirs) await mkdir(join(root, 'app.asar.unpacked', 'node_modules', d), { recursive: true });
}

test("a package with another OS's sharp is refused; one with its own passes", async () => {
  const out = await tempDir('alveo-afterpack-');
  await unpacked(join(out, 'resources'), ['@img/sharp-linux-x64', 'onnxruntime-node/bin/napi-v6/linux/x64', 'onnxruntime-node/bin/napi-v6/win32/x64']);
  await check({ electronPlatformName: 'linux', arch: 1, appOutDir: out });
  await assert.rejects(check({ electronPlatformName: 'win32', arch: 1, appOutDir: out }), /the win32-x64 package lacks @img\/sharp-win32-x64: .*Build each OS\/architecture on its own machine/);
});

test('macOS: the resources of the .app; Intel without ONNX Runtime passes, Apple silicon without it does not', async () => {
  const out = await tempDir('alveo-afterpack-mac-');
  const res = join(out, 'Alveo.app', 'Contents', 'Resources');
  await unpacked(res, ['@img/sharp-darwin-x64', '@img/sharp-darwin-arm64']);
  await check({ electronPlatformName: 'darwin', arch: 1, appOutDir: out });
  await assert.rejects(check({ electronPlatformName: 'darwin', arch: 3, appOutDir: out }), /lacks onnxruntime-node\/bin\/napi-v6\/darwin\/arm64/);
});
