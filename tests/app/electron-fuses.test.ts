// The packaged app's Electron fuses (electron-builder.yml, electronFuses): RunAsNode off, ASAR
// integrity on, the app loaded only from app.asar. Checked against electron-builder's own schema,
// so a misspelt fuse (which electron-builder would reject at `npm run dist`) fails here first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../cli/support/run-cli';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as { asar?: boolean; electronFuses?: Record<string, unknown> };

test('fuses: no running as Node, ASAR integrity, the app only from the asar, no inspector or NODE_OPTIONS', () => {
  assert.equal(config.asar, true, 'the app is packed into app.asar');
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});

test("every fuse is one electron-builder's schema knows, with a boolean value", () => {
  const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
    definitions: { FuseOptionsV1: { properties: Record<string, { type: string }> } };
    properties: Record<string, unknown>;
  };
  assert.ok('electronFuses' in scheme.properties, 'this electron-builder takes electronFuses');
  const known = scheme.definitions.FuseOptionsV1.properties;
  for (const [name, value] of Object.entries(config.electronFuses ?? {})) {
    assert.ok(name in known, `unknown fuse ${name}`);
    assert.equal(known[name].type, 'boolean');
    assert.equal(typeof value, 'boolean');
  }
});

test('with RunAsNode off, the main process must not fork Node children (process.fork needs it)', () => {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const grep = spawnSync('grep', ['-rlE', '\\bfork\\(|ELECTRON_RUN_AS_NODE', join(REPO_ROOT, 'src-main')], { encoding: 'utf8' });
  assert.equal(grep.status, 1, `grep finds nothing (status 1), got ${grep.status}: ${grep.stdout}${grep.stderr}`);
});
