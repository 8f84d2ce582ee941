// The web host's entry (hosts/web/main.ts) as a user meets it: `alveo-web --port N` with N taken
// says so in one plain line and exits 1, never a stack trace (the user's to fix by choosing another
// port, not a crash to report).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../support/temp-dir';

let held: Server | undefined;
after(() => held?.close());

test('a port in use: "alveo-web: port N on 127.0.0.1 is in use …", exit 1, no stack trace', { timeout: 300_000 }, async () => {
  const dir = await tempDir('alveo-web-port-');
  // A renderer build newer than the sources: nothing to build before listening.
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>alveo</title>');
  held = createServer();
  await new Promise<void>((ok) => held?.listen(0, '127.0.0.1', ok));
  const address = held.address();
  assert.ok(address && typeof address === 'object');
  const child = spawn(process.execPath, ['bin/alveo-web.mjs', '--port', String(address.port)], {
    env: { ...process.env, ALVEO_HOME: join(dir, 'home'), ALVEO_RENDERER_OUT: dir, BROWSER: '/bin/true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const code = await new Promise<number | null>((ok) => child.on('close', ok));
  // The build step may report on stderr first; the host's own words are its last line.
  const lines = stderr.trimEnd().split('\n').filter((l) => l.startsWith('alveo-web') || /^\s+at /.test(l) || /Error/.test(l));
  assert.equal(code, 1, `stderr:\n${stderr}\nstdout:\n${stdout}`);
  assert.deepEqual(lines.filter((l) => /^\s+at /.test(l)), [], stderr);
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], new RegExp(`^alveo-web: port ${address.port} on 127\\.0\\.0\\.1 is in use`));
  assert.doesNotMatch(stdout, /http:\/\//, 'no address printed for a host that is not listening');
});
