// ResNet18 cost on this machine: build, save (float32 / float16), load from disk, and inference
// ms per image at 224 / 160 / 128 (batch 1 and batch 8), for each backend configuration. Each
// configuration runs in its own process (a tfjs backend is chosen once per process):
//   wasm (single-threaded, the default), wasm with 2 threads (ALVEO_WASM_THREADS=2), and the pure-JS
//   cpu backend at a tiny size only (it is 30-250x slower).
// Run: node --import tsx bench/model.bench.ts [--runs N] [--only wasm|wasm-threads|cpu]
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, mkdir, readdir, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { backendName, getTf, type Tf } from '../src-main/engine/model/tf-backend';
import { buildResNet18 } from '../src-main/engine/model/resnet18';
import { loadLayersModelFrom, writeModelFiles } from '../src-main/engine/model/model-files';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs')) || 7;
const mode = arg('--mode');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: number) => performance.now() - t0;

/**
 * Wall time per call (median), and process CPU time per call: on a machine shared with other work
 * the wall time inflates, the CPU time of a single-threaded backend stays what an idle core takes.
 */
async function timeInference(tf: Tf, model: LayersModel, size: number, batch: number, n: number): Promise<{ first: number; median: number; cpu: number }> {
  const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 1);
  const times: number[] = [];
  let first = 0;
  let cpu0 = process.cpuUsage();
  for (let i = 0; i <= n; i++) {
    const t0 = performance.now();
    const y = model.predict(x) as Tensor;
    await y.data();
    y.dispose();
    if (i === 0) {
      first = ms(t0);
      cpu0 = process.cpuUsage();
    } else times.push(ms(t0));
  }
  const used = process.cpuUsage(cpu0);
  x.dispose();
  return { first, median: median(times), cpu: n ? (used.user + used.system) / 1000 / n : 0 };
}

async function child(which: string): Promise<void> {
  const t0 = performance.now();
  const tf = await getTf(which === 'cpu' ? 'cpu' : 'wasm');
  console.log(`\n== ${backendName()} (backend init ${ms(t0).toFixed(0)} ms)`);
  const sizes = which === 'cpu' ? [64] : [224, 160, 128];
  for (const size of sizes) {
    let t = performance.now();
    const model = buildResNet18(tf, { inputSize: size, seed: 1 });
    const build = ms(t);
    let io = '';
    if (size === sizes[0]) {
      const dir = await mkdtemp(join(tmpdir(), 'alveo-bench-model-'));
      for (const quantize of ['none', 'float16'] as const) {
        const sub = join(dir, quantize);
        await mkdir(sub);
        t = performance.now();
        await writeModelFiles(tf, model, sub, { quantize });
        const save = ms(t);
        let bytes = 0;
        for (const f of await readdir(sub)) bytes += (await stat(join(sub, f))).size;
        t = performance.now();
        const loaded = await loadLayersModelFrom(tf, sub);
        const load = ms(t);
        const warm = await timeInference(tf, loaded, size, 1, 0);
        loaded.dispose();
        io += `  ${quantize === 'none' ? 'float32' : 'float16'}: ${(bytes / 1e6).toFixed(1)} MB, save ${save.toFixed(0)} ms, load ${load.toFixed(0)} ms, first predict after load ${warm.first.toFixed(0)} ms\n`;
      }
      await rm(dir, { recursive: true, force: true });
    }
    const one = await timeInference(tf, model, size, 1, runs);
    const eight = which === 'cpu' ? null : await timeInference(tf, model, size, 8, Math.max(2, Math.floor(runs / 3)));
    console.log(
      `${String(size).padStart(3)} px: build ${build.toFixed(0)} ms; batch 1: first ${one.first.toFixed(0)} ms, median ${one.median.toFixed(1)} ms/img (${(1000 / one.median).toFixed(1)} img/s, cpu ${one.cpu.toFixed(0)} ms/img)` +
        (eight ? `; batch 8: ${(eight.median / 8).toFixed(1)} ms/img (${((8 * 1000) / eight.median).toFixed(1)} img/s, cpu ${(eight.cpu / 8).toFixed(0)} ms/img)` : ''),
    );
    if (io) process.stdout.write(io);
    model.dispose();
  }
  console.log(`tensors left: ${tf.memory().numTensors}, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}

if (mode) {
  await child(mode);
} else {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0].toFixed(1)}, ${runs} runs per size (median after 1 warm-up)`);
  const only = arg('--only');
  const modes: Array<[string, NodeJS.ProcessEnv]> = [
    ['wasm', { ALVEO_WASM_THREADS: '1' }],
    ['wasm-threads', { ALVEO_WASM_THREADS: '2' }],
    ['cpu', {}],
  ];
  for (const [name, env] of modes) {
    if (only && only !== name) continue;
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--mode', name, '--runs', String(runs)], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    if (r.status !== 0) console.log(`(${name} exited with ${r.status})`);
  }
}
