// tfjs-backend-wasm disables its multi-threaded build in Node (tfjs issue #3830) only because its
// Emscripten pthread workers are started from blob: URLs, which Node's worker_threads refuses. The
// worker script itself supports Node, so we write it to a real file and point the loader there.
// The file lives in a fresh folder only this user can write (mkdtemp: random name, mode 0700), one
// per process, removed at exit: a predictable shared path let another local user plant the script
// that our (possibly root) process then ran, or block it by owning the folder.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import workerThreads from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { isPrivateFolder } from '../files/private-folder';
import { processAlive } from '../files/process-alive';

type TfLike = { env(): { set(flag: string, value: boolean): void } };
type WasmLike = { setThreadsCount(n: number): void };

const require = createRequire(import.meta.url);
const ORIGINAL_CREATE_OBJECT_URL = URL.createObjectURL.bind(URL);

/**
 * Must run before tf.setBackend('wasm'). Returns false (and changes nothing) when the installed
 * backend's worker script does not have the shape this patch expects.
 */
export function enableWasmThreadsInNode(tf: TfLike, wasm: WasmLike, threads: number): boolean {
  const pkgDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const mainScript = join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(join(pkgDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The worker receives the main script as a Blob and imports it through a blob: URL; Node cannot
  // read those, so it imports the package's own copy of the same script from disk instead.
  const needle = 'importScripts(objectUrl)';
  if (!wasmWorkerContents.includes(needle)) return false;
  // The template literal it ships in turned '\\n' escapes into raw newlines; undo that, as tfjs does.
  const patched = wasmWorkerContents
    .replace(/\n/g, '\\n')
    .replace(needle, `importScripts(${JSON.stringify(mainScript)})`);
  const workerFile = privateWorkerFile(patched);

  // Left in place: the pthread pool may grow after initialisation. Only the worker blob is redirected.
  URL.createObjectURL = (obj: Blob): string => {
    if (obj instanceof Blob && obj.type === 'application/javascript') return workerFile;
    return ORIGINAL_CREATE_OBJECT_URL(obj);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  return true;
}

const DIR_PREFIX = 'alveo-tfjs-wasm-';
/** alveo-tfjs-wasm-<pid>-t<thread id>-<random>: whose folder it is, to remove it when that ends. */
const DIR_NAME = new RegExp(`^${DIR_PREFIX}(\\d+)-t(\\d+)-[^-]+$`);

/** Writes the patched worker script into a new private folder of this thread; returns its path. */
function privateWorkerFile(content: string): string {
  removeStaleDirs();
  // The pid and thread id in the name let the folder go when its thread ends: a worker thread that
  // is terminated never runs its exit hook (run-in-worker.ts calls removeThreadWasmFolders), and a
  // later run removes those of processes that died.
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-t${workerThreads.threadId}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  if (!isPrivateFolder(dir)) throw new Error(`${dir} is not a folder only this user can write: not running the wasm worker script from it`);
  const file = join(dir, 'worker.cjs');
  writeFileSync(file, content, { mode: 0o600, flag: 'wx' }); // wx: never reuse a file already there
  return file;
}

/** Removes this user's worker-script folders that `gone` says are no longer in use. */
function removeDirs(gone: (pid: number, thread: number) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const m = DIR_NAME.exec(name);
    if (!m || !gone(Number(m[1]), Number(m[2]))) continue;
    const dir = join(tmpdir(), name);
    try {
      if (isPrivateFolder(dir)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another process removed it first, or it is not ours: leave it
    }
  }
}

/** Removes this user's folders left by processes that no longer exist. */
function removeStaleDirs(): void {
  removeDirs((pid) => !processAlive(pid));
}

/** Removes the folders a worker thread of this process made (call once the thread has exited). */
export function removeThreadWasmFolders(threadId: number): void {
  removeDirs((pid, thread) => pid === process.pid && thread === threadId);
}

/**
 * Runs `init` (the tf.setBackend('wasm') call) so that the threaded build really gets `threads`
 * threads and does not keep the process alive:
 * - the backend caps its pool at half the logical cores (it assumes 2 hyper-threads per core), i.e.
 *   1 thread on a 2-core machine; the cap is read once, during initialisation, from os.cpus();
 * - Emscripten ref()s a Node worker while it runs a pthread, and pool threads never finish, so a CLI
 *   run would never exit. Workers are created unref'd instead (ops are synchronous on the main thread,
 *   so nothing waits on the event loop for them).
 */
export async function withThreadedInit<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const originalCpus = os.cpus;
  const real = originalCpus();
  if (real.length < threads * 2) os.cpus = () => Array.from({ length: threads * 2 }, (_, i) => real[i % real.length]);
  const originalWorker = workerThreads.Worker;
  class UnrefWorker extends originalWorker {
    constructor(...args: ConstructorParameters<typeof originalWorker>) {
      super(...args);
      super.unref();
    }
    override ref(): void {
      // kept unref'd: see above
    }
  }
  (workerThreads as { Worker: typeof originalWorker }).Worker = UnrefWorker;
  try {
    return await init();
  } finally {
    os.cpus = originalCpus;
    (workerThreads as { Worker: typeof originalWorker }).Worker = originalWorker;
  }
}
