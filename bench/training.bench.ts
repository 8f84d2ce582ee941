// ResNet18 training throughput (images/s) per backend and input size, and peak RSS. One training
// step = the trainer's step: forward in training mode, sigmoid cross-entropy, AdamW update of
// every weight. Inputs come from memory (the model's cost alone); with
// --e2e, one configuration also runs the real trainer on ../shared/data/kermany-224 images
// (decoding, augmentation, prefetch included). Each configuration runs in its own process, so its
// peak RSS is its own. Wall-clock figures suffer when other processes share the CPU; the CPU-time
// figure (images per CPU-second of this process) does not.
// Run: node --import tsx bench/training.bench.ts [--sizes 64,128,224] [--batch 16] [--steps 3] [--only wasm|wasm-threads|cpu] [--e2e]
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Variable } from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { AdamW } from '../src-main/engine/training/adamw';
import { registerWasmTrainingKernels } from '../src-main/engine/model/kernels/register-wasm-training-kernels';
import { ModelStore } from '../src-main/engine/model/model-store';
import { buildResNet18 } from '../src-main/engine/model/resnet18';
import { backendName, getTf } from '../src-main/engine/model/tf-backend';
import { microBatchFor, trainStep } from '../src-main/engine/training/train-epoch';
import { runTraining } from '../src-main/engine/training/trainer';
import { kermanySubset } from '../tests/engine/training/support/kermany-subset';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

interface Row {
  config: string;
  backend: string;
  size: number;
  batch: number;
  steps: number;
  imagesPerSecond: number;
  imagesPerCpuSecond: number;
  firstStepMs: number | null;
  peakRssMb: number;
  note?: string;
}

async function child(): Promise<void> {
  const backend = arg('--backend') as 'wasm' | 'cpu';
  const size = Number(arg('--size'));
  const batch = Number(arg('--batch'));
  const steps = Number(arg('--steps'));
  const tf = await getTf(backend);
  registerWasmTrainingKernels(tf);
  let row: Row;
  if (args.includes('--e2e')) {
    const data = await kermanySubset(Math.ceil((batch * (steps + 1)) / 2) + 8, 3);
    const store = new ModelStore({ builtInDir: join(data, 'none'), userDir: join(data, 'home') });
    const cpu0 = process.cpuUsage();
    const result = await runTraining(
      { data, base: 'scratch', options: { inputSize: size, batchSize: batch, epochs: 1, maxBatchesPerEpoch: steps + 1, valFraction: 0.1 } },
      { tf, store, backend: backendName(), signal: new AbortController().signal, progress: () => {} },
    );
    const cpu = process.cpuUsage(cpu0);
    const h = result.history[0];
    const images = (steps + 1) * batch;
    row = {
      config: arg('--config')!,
      backend: backendName(),
      size,
      batch,
      steps: steps + 1,
      imagesPerSecond: h.imagesPerSecond,
      imagesPerCpuSecond: images / ((cpu.user + cpu.system) / 1e6),
      firstStepMs: null,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      note: 'end to end: real JPEGs, decode + augment + train (CPU-s include validation)',
    };
  } else {
    const model = buildResNet18(tf, { inputSize: size, seed: 1 });
    const logits = tf.model({ inputs: model.inputs, outputs: model.getLayer('fc').output as SymbolicTensor });
    const vars = model.trainableWeights.map((w) => w.read() as Variable);
    const decay = new Set(model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read() as Variable));
    const optimizer = new AdamW(tf, decay, { learningRate: 1e-3, weightDecay: 1e-4 });
    const x = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 1).dataSync() as Float32Array;
    const y = Float32Array.from({ length: batch }, (_, i) => i % 2);
    const microBatch = microBatchFor(tf.getBackend(), size, batch);
    const input = { tf, logitModel: logits, optimizer, vars, trainBase: true, microBatch, classWeights: [1, 1] as [number, number], options: { inputSize: size, labelSmoothing: 0 } };
    const step = () => trainStep(input, x, y, batch);
    let t = performance.now();
    step();
    const firstStepMs = performance.now() - t;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    for (let i = 0; i < steps; i++) step();
    const wall = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    row = {
      config: arg('--config')!,
      backend: backendName(),
      size,
      batch,
      steps,
      imagesPerSecond: (steps * batch) / wall,
      imagesPerCpuSecond: (steps * batch) / ((cpu.user + cpu.system) / 1e6),
      firstStepMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      ...(microBatch < batch ? { note: `passes of ${microBatch} images (wasm heap limit)` } : {}),
    };
  }
  process.stdout.write(`ROW ${JSON.stringify(row)}\n`);
}

function parent(): void {
  const sizes = (arg('--sizes') ?? '64,128,224').split(',').map(Number);
  const batch = Number(arg('--batch') ?? 16);
  const steps = Number(arg('--steps') ?? 3);
  const only = arg('--only');
  const configs = [
    { config: 'wasm', backend: 'wasm', env: { ALVEO_WASM_THREADS: '1' }, sizes, batch, steps },
    { config: 'wasm-threads', backend: 'wasm', env: { ALVEO_WASM_THREADS: String(Math.max(2, cpus().length)) }, sizes, batch, steps },
    // The pure-JS backend: only a tiny configuration is feasible.
    { config: 'cpu', backend: 'cpu', env: {}, sizes: [32], batch: 2, steps: 1 },
  ].filter((c) => !only || c.config === only);
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  const run = (c: (typeof configs)[number], size: number, extra: string[]) => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', self, '--child', '--config', c.config, '--backend', c.backend, '--size', String(size), '--batch', String(c.batch), '--steps', String(c.steps), ...extra],
      { env: { ...process.env, ...c.env }, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('ROW '));
    if (!line) {
      console.error(`${c.config} ${size}px failed:\n${r.stderr.slice(-2000)}`);
      return;
    }
    const row = JSON.parse(line.slice(4)) as Row;
    rows.push(row);
    console.log(
      `${row.config.padEnd(13)} ${String(row.size).padStart(3)} px  batch ${String(row.batch).padStart(2)}  ` +
        `${row.imagesPerSecond.toFixed(2).padStart(6)} img/s  ${row.imagesPerCpuSecond.toFixed(2).padStart(6)} img/CPU-s  ` +
        `first step ${row.firstStepMs === null ? '   -   ' : (row.firstStepMs / 1000).toFixed(1).padStart(5) + ' s'}  peak RSS ${row.peakRssMb.toFixed(0).padStart(5)} MB  ${row.backend}${row.note ? `  (${row.note})` : ''}`,
    );
  };
  const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
  console.log(`ResNet18 training throughput on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'} (load average ${load()})`);
  for (const c of configs) for (const size of c.sizes) run(c, size, []);
  if (args.includes('--e2e') && (!only || only === 'wasm')) run(configs[0], 128, ['--e2e']);
  console.log(`(load average at the end ${load()})`);
}

if (args.includes('--child')) await child();
else parent();
