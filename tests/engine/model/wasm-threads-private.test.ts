// The wasm pthread worker script is run from a file; that file must be one only this user could
// have written. Older versions used a fixed path under the shared temp folder and ran whatever was
// already there, so another local user could plant code that the next (root) run executed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { enableWasmThreadsInNode, removeThreadWasmFolders } from '../../../src-main/engine/model/wasm-threads';
import { tempDir } from '../../support/temp-dir';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const version = (require(join(pkgDir, 'package.json')) as { version: string }).version;
const mainScript = join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
const PLANTED = "throw new Error('planted by another user');\n";

const originalCreateObjectUrl = URL.createObjectURL;
let plantedHere = false;
after(() => {
  URL.createObjectURL = originalCreateObjectUrl;
  if (plantedHere) rmSync(oldPredictablePath().dir, { recursive: true, force: true });
});

/** The path older versions wrote to, and ran without checking: the attacker can compute it too. */
function oldPredictablePath(base = tmpdir()): { dir: string; file: string } {
  const { wasmWorkerContents } = require(join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  const patched = wasmWorkerContents.replace(/\n/g, '\\n').replace('importScripts(objectUrl)', `importScripts(${JSON.stringify(mainScript)})`);
  const dir = join(base, `alveo-tfjs-wasm-${version}`);
  return { dir, file: join(dir, `worker-${createHash('sha1').update(patched).digest('hex').slice(0, 12)}.cjs`) };
}

function enable(): { url: string; flags: Map<string, boolean>; threads: number[] } {
  const flags = new Map<string, boolean>();
  const threads: number[] = [];
  const tf = { env: () => ({ set: (flag: string, value: boolean) => void flags.set(flag, value) }) };
  const ok = enableWasmThreadsInNode(tf, { setThreadsCount: (n: number) => void threads.push(n) }, 2);
  assert.equal(ok, true);
  const url = URL.createObjectURL(new Blob(['ignored'], { type: 'application/javascript' }));
  return { url, flags, threads };
}

test('a worker script planted at the old shared path is not the one that runs', () => {
  const old = oldPredictablePath();
  plantedHere = !existsSync(old.dir);
  mkdirSync(old.dir, { recursive: true, mode: 0o777 });
  writeFileSync(old.file, PLANTED);
  // the planting user owns it, as in the report (nobody), when we can arrange that
  if (process.getuid?.() === 0) {
    chownSync(old.dir, 65534, 65534);
    chownSync(old.file, 65534, 65534);
  }

  const { url, flags, threads } = enable();
  assert.notEqual(url, old.file);
  assert.notEqual(dirname(url), old.dir);
  const body = readFileSync(url, 'utf8');
  assert.notEqual(body, PLANTED);
  assert.ok(body.includes(`importScripts(${JSON.stringify(mainScript)})`), 'the patched worker script');
  assert.ok(!body.includes('importScripts(objectUrl)'));
  // a fresh folder that only this user may write, holding a file only this user may write
  const dirStat = lstatSync(dirname(url));
  assert.ok(dirStat.isDirectory() && !dirStat.isSymbolicLink());
  assert.equal(dirStat.uid, process.getuid?.());
  assert.equal(dirStat.mode & 0o777, 0o700);
  assert.equal(lstatSync(url).mode & 0o077, 0);
  assert.equal(dirname(dirname(url)), tmpdir());
  assert.match(dirname(url), new RegExp(`alveo-tfjs-wasm-${process.pid}-t0-[A-Za-z0-9]{6}$`));
  // the rest of the patch is unchanged
  assert.equal(flags.get('WASM_HAS_MULTITHREAD_SUPPORT'), true);
  assert.deepEqual(threads, [2]);
  // other blobs still get real blob: URLs
  assert.match(URL.createObjectURL(new Blob(['x'], { type: 'text/plain' })), /^blob:/);
});

test("an entry at the old shared folder path cannot stop threads from being enabled", async () => {
  // another user's file (or 0755 folder) where the old code wanted its folder made the write fail
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = await tempDir('alveo-wasm-dos-');
  try {
    writeFileSync(oldPredictablePath().dir, 'in the way');
    const { url } = enable();
    assert.equal(dirname(dirname(url)), tmpdir());
    assert.ok(readFileSync(url, 'utf8').includes(`importScripts(${JSON.stringify(mainScript)})`));
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
});

test('a real threaded wasm backend starts from the private folder, exits, and leaves nothing behind', async () => {
  const tmp = await tempDir('alveo-wasm-threads-');
  // a folder such a run left when its process died without running its exit hook (terminated worker)
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
  assert.ok(deadPid);
  const stale = join(tmp, `alveo-tfjs-wasm-${deadPid}-t0-AbC123`);
  mkdirSync(stale, { mode: 0o700 });
  writeFileSync(join(stale, 'worker.cjs'), 'old');
  // the same name pattern owned by someone else is not ours to remove
  const foreign = join(tmp, `alveo-tfjs-wasm-${deadPid}-t3-XyZ789`);
  mkdirSync(foreign, { mode: 0o700 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(foreign, 65534, 65534);
  // the old predictable path, planted with a script that leaves a mark if it ever runs
  const planted = oldPredictablePath(tmp);
  const mark = join(tmp, 'planted-script-ran');
  mkdirSync(planted.dir);
  writeFileSync(planted.file, `require('fs').writeFileSync(${JSON.stringify(mark)}, 'ran');\n`);

  const script = `
    import { getTf, backendName } from ${JSON.stringify(new URL('../../../src-main/engine/model/tf-backend.ts', import.meta.url).href)};
    import { readdirSync } from 'node:fs';
    const tf = await getTf('wasm');
    const y = tf.tidy(() => tf.sum(tf.conv2d(tf.ones([1, 16, 16, 4]), tf.ones([3, 3, 4, 8]), 1, 'same')));
    console.log(JSON.stringify({ name: backendName(), sum: (await y.data())[0], dirs: readdirSync(process.env.TMPDIR).filter((n) => n.startsWith('alveo-tfjs-wasm-')) }));
  `;
  const scriptFile = join(await tempDir('alveo-wasm-script-'), 'init.mts');
  writeFileSync(scriptFile, script);
  const r = spawnSync(process.execPath, ['--import', 'tsx', scriptFile], {
    env: { ...process.env, TMPDIR: tmp, ALVEO_WASM_THREADS: '2', ALVEO_BACKEND: 'wasm' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(existsSync(mark), false, 'the planted worker script ran');
  assert.equal(r.status, 0, `the child did not exit cleanly: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { name: string; sum: number; dirs: string[] };
  assert.match(out.name, /^wasm \((no )?simd, 2 threads\)$/);
  assert.equal(out.sum, 8 * 4 * (9 * 14 * 14 + 6 * 4 * 14 + 4 * 4));
  const own = out.dirs.filter((n) => n.startsWith(`alveo-tfjs-wasm-${r.pid}-`));
  assert.equal(own.length, 1, `one private folder while running: ${out.dirs.join(', ')}`);
  assert.ok(!out.dirs.includes(stale.split('/').pop() ?? ''), 'the dead process’s folder was removed');

  const left = readdirSync(tmp).filter((n) => n.startsWith('alveo-tfjs-wasm-'));
  assert.ok(!left.includes(own[0]), 'the private folder is removed at exit');
  assert.equal(left.includes(foreign.split('/').pop() ?? ''), asRoot, "another user's folder is left alone");
  assert.ok(left.includes(`alveo-tfjs-wasm-${version}`), 'the planted folder is untouched (and unused)');
});

// A training worker thread that is terminated never runs its exit hooks: the job runner removes the
// folder it made by its thread id once it has exited (CI found them left after every run).
test("a terminated worker thread's folder goes by its thread id; other threads' folders stay", async () => {
  const tmp = await tempDir('alveo-wasm-thread-folders-');
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    const gone = join(tmp, `alveo-tfjs-wasm-${process.pid}-t7-AbC123`);
    const live = join(tmp, `alveo-tfjs-wasm-${process.pid}-t8-AbC123`);
    for (const d of [gone, live]) mkdirSync(d, { mode: 0o700 });
    removeThreadWasmFolders(7);
    assert.equal(existsSync(gone), false);
    assert.equal(existsSync(live), true);
  } finally {
    process.env.TMPDIR = previous;
  }
});
