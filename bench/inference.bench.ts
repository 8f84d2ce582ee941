// Open study -> probability + Grad-CAM at full size, on a 1024x1024 DICOM: median and p90 over
// several runs after warm-up, with the time split into its steps. Target (issue 2): <= 300 ms
// median with the wasm backend on the 2-core reference machine.
// Run: node --import tsx bench/inference.bench.ts [--runs N] [--backend wasm|auto|cpu] [--file F] [--model ID|DIR]
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { createEngine, defaultUserDir } from '../src-main/engine/index';
import { camFromFeatures } from '../src-main/engine/inference/cam-from-features';
import { camHead } from '../src-main/engine/inference/cam-head';
import { upsampleCam } from '../src-main/engine/inference/grad-cam';
import { predictStudy } from '../src-main/engine/inference/predict';
import { inputTensor, modelPixels } from '../src-main/engine/inference/preprocess';
import { derive, type LoadedModel } from '../src-main/engine/model/load-model';
import { buildResNet18 } from '../src-main/engine/model/resnet18';
import { backendName, getTf, type BackendPreference, type Tf } from '../src-main/engine/model/tf-backend';
import { loadStudy } from '../src-main/engine/studies/load-study';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') ?? 20);
const backend = (arg('--backend') ?? 'wasm') as BackendPreference;
const file = arg('--file') ?? resolve(root, '../shared/data/dicom/native/Fake_MONOHR1_cr_chest_jpeg_baseline_mono1.dcm');
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

async function model(tf: Tf): Promise<LoadedModel> {
  const id = arg('--model');
  if (id) return createEngine({ builtInModelsDir: join(root, 'models'), userDir: defaultUserDir(), backend }).loadModel(id);
  // Weights do not change the cost: a seeded, untrained ResNet18 at the default 224.
  const card = { id: 'bench-224', inputSize: 224, preprocessing: { inputSize: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, threshold: { value: 0.5 }, trained: false } as unknown as LoadedModel['card'];
  return derive(tf, { id: 'bench-224', dir: '-', builtIn: false, active: false, card }, buildResNet18(tf, { inputSize: 224, seed: 1 }));
}

const tf = await getTf(backend);
const loaded = await model(tf);
console.log(`backend ${backendName()}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`study ${file}`);
console.log(`model ${loaded.entry.id} (input ${loaded.card.inputSize}), ${runs} runs after 3 warm-up\n`);

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
  const p = await predictStudy(tf, loaded, study);
  const heat = await upsampleCam(tf, p.cam, study.rows, study.columns);
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
  const input = inputTensor(tf, await modelPixels(s2, loaded.card), loaded.card);
  steps.preprocess.push(performance.now() - t);
  t = performance.now();
  const outs = loaded.camModel.predict(input) as Tensor[];
  await outs[1].data();
  steps.forward.push(performance.now() - t);
  t = performance.now();
  const cam = await camFromFeatures(tf, camHead(tf, loaded), outs[0] as Tensor4D);
  steps.cam.push(performance.now() - t);
  t = performance.now();
  await upsampleCam(tf, cam, s2.rows, s2.columns);
  steps.upsample.push(performance.now() - t);
  input.dispose();
  outs.forEach((o) => o.dispose());
}
console.log(`open ${size} DICOM -> probability + Grad-CAM (full size): ${fmt(total)} ms`);
console.log(`  CPU time of the process (all its threads):            ${fmt(cpu)} ms`);
console.log('  steps (separate pass, wall time):');
console.log(`    decode (loadStudy)          ${fmt(steps.decode)}`);
console.log(`    display + resize + tensor   ${fmt(steps.preprocess)}`);
console.log(`    forward (features + prob)   ${fmt(steps.forward)}`);
console.log(`    Grad-CAM (tf.grad of head)  ${fmt(steps.cam)}`);
console.log(`    upsample + normalise        ${fmt(steps.upsample)}`);
const verdict = (ms: number) => (ms <= 300 ? 'met' : 'NOT met');
console.log(`target <= 300 ms median: wall ${verdict(stats(total).median)}, CPU ${verdict(stats(cpu).median)} (load average ${loadavg()[0].toFixed(2)}); tensors ${tf.memory().numTensors}`);
