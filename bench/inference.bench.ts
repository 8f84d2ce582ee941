// Open study -> probability + Grad-CAM at full size, on a 1024x1024 DICOM, with the shipped model:
// median and p90 over several runs after warm-up, with the time split into its steps. Target
// (issue 11): <= 100 ms median (245 ms with tfjs wasm before) on the 2-core reference machine.
// Run: node --import tsx bench/inference.bench.ts [--runs N] [--engine auto|onnxruntime|tfjs] [--file F] [--model ID|DIR] [--one-view]
// --one-view: the model without its card's test-time views (one forward pass instead of 5).
import { existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { camFromHead } from '../src-main/engine/inference/cam-from-head';
import { predictStudy, prepareStudy } from '../src-main/engine/inference/predict';
import { normalizeInto } from '../src-main/engine/inference/preprocess';
import { upsampleCam } from '../src-main/engine/inference/upsample-cam';
import { ModelStore } from '../src-main/engine/model/model-store';
import { getTf } from '../src-main/engine/model/tf-backend';
import { inferenceRuntime, type RuntimePreference } from '../src-main/engine/runtime/runtime-for-model';
import { oneView } from '../src-main/engine/runtime/tta-runtime';
import { loadStudy } from '../src-main/engine/studies/load-study';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') ?? 20);
const prefer = (arg('--engine') ?? 'auto') as RuntimePreference;
const file = arg('--file') ?? resolve(root, '../shared/data/dicom/native/siim_nih_cr_chest_jpeg_baseline_8bit.dcm');
if (!existsSync(file)) {
  console.error(`no study at ${file} (../shared/data is absent?)`);
  process.exit(1);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.min(s.length - 1, Math.floor(s.length * 0.9))], min: s[0] };
};
const fmt = (xs: number[]) => {
  const { median, p90, min } = stats(xs);
  return `median ${median.toFixed(1).padStart(6)}  p90 ${p90.toFixed(1).padStart(6)}  min ${min.toFixed(1).padStart(6)}`;
};

const store = new ModelStore({ builtInDir: join(root, 'models'), userDir: join(tmpdir(), 'alveo-bench-unused') });
const entry = await store.get(arg('--model') ?? 'default');
const served = await inferenceRuntime(entry, { prefer, tf: () => getTf('wasm') });
const runtime = args.includes('--one-view') ? oneView(served) : served;
const card = entry.card;
console.log(`engine ${runtime.engine}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`study ${file}`);
console.log(`model ${entry.id} (input ${card.inputSize}), ${runs} runs after 3 warm-up\n`);

const total: number[] = [];
// CPU time of this process next to wall time: on a shared, loaded machine the wall time also
// counts waiting for a core; CPU time is close to what a quiet machine would take.
const cpu: number[] = [];
const steps = { decode: [] as number[], preprocess: [] as number[], forward: [] as number[], cam: [] as number[], upsample: [] as number[] };
let size = '';
for (let i = 0; i < runs + 3; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const study = await loadStudy(file);
  const p = await predictStudy(runtime, card, study);
  const heat = upsampleCam(p.cam, study.rows, study.columns);
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  if (heat.length !== study.rows * study.columns) throw new Error('heat size');
  size = `${study.columns}x${study.rows}`;
  if (i < 3) continue;
  total.push(t1 - t0);
  cpu.push((c1.user + c1.system) / 1000);
  // The same path again, step by step (a separate pass, so the total above is not slowed by timers).
  let t = performance.now();
  const s2 = await loadStudy(file);
  steps.decode.push(performance.now() - t);
  t = performance.now();
  const prepared = await prepareStudy(s2, card);
  const input = normalizeInto(prepared.pixels, card);
  steps.preprocess.push(performance.now() - t);
  t = performance.now();
  const out = await runtime.run(input, 1);
  steps.forward.push(performance.now() - t);
  t = performance.now();
  const cam = camFromHead(out.features, 0, runtime.head);
  steps.cam.push(performance.now() - t);
  t = performance.now();
  upsampleCam(cam, s2.rows, s2.columns);
  steps.upsample.push(performance.now() - t);
}
console.log(`open ${size} DICOM -> probability + Grad-CAM (full size): ${fmt(total)} ms`);
console.log(`  CPU time of the process (all its threads):            ${fmt(cpu)} ms`);
console.log('  steps (separate pass, wall time):');
console.log(`    decode (loadStudy)                   ${fmt(steps.decode)}`);
console.log(`    display + guardrails + resize + norm ${fmt(steps.preprocess)}`);
console.log(`    forward (features + prob)            ${fmt(steps.forward)}`);
console.log(`    Grad-CAM (features . head weights)   ${fmt(steps.cam)}`);
console.log(`    upsample + normalise                 ${fmt(steps.upsample)}`);
const verdict = (ms: number) => (ms <= 100 ? 'met' : 'NOT met');
console.log(`target <= 100 ms median: wall ${verdict(stats(total).median)}, CPU ${verdict(stats(cpu).median)} (load average ${loadavg()[0].toFixed(2)})`);
