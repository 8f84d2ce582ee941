// tfjs-backend-wasm disables its multi-threaded build in Node (tfjs issue #3830) only because its
// Emscripten pthread workers are started from blob: URLs, which Node's worker_threads refuses. The
// worker script itself supports Node, so we write it to a real file and point the loader there.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import workerThreads from 'node:worker_threads';
import { dirname, join } from 'node:path';

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
  const version = (require(join(pkgDir, 'package.json')) as { version: string }).version;
  const dir = join(tmpdir(), `alveo-tfjs-wasm-${version}`);
  mkdirSync(dir, { recursive: true });
  // Named by content so concurrent processes share one file and nothing piles up in tmp.
  const workerFile = join(dir, `worker-${createHash('sha1').update(patched).digest('hex').slice(0, 12)}.cjs`);
  if (!existsSync(workerFile)) {
    const tmp = `${workerFile}.${process.pid}.tmp`;
    writeFileSync(tmp, patched);
    renameSync(tmp, workerFile);
  }

  // Left in place: the pthread pool may grow after initialisation. Only the worker blob is redirected.
  URL.createObjectURL = (obj: Blob): string => {
    if (obj instanceof Blob && obj.type === 'application/javascript') return workerFile;
    return ORIGINAL_CREATE_OBJECT_URL(obj);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  return true;
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
