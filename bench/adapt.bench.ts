// Site calibration and fast adaptation, timed and measured on a simulated new site. The site is a
// SIMULATION: the shipped model's own validation patients (never trained on) through a consistent
// washed-out detector response (tests/engine/training/support/shifted-cohort.ts, SHIFT_DESCRIPTION),
// split by patient into the site's labelled images (capped at --per-class per class) and a reading
// set (the other patients). Prints, as JSON lines: the time from start to saved model for calibrate
// and adapt (wall and this process's CPU seconds: the machine is shared, CPU time is the steadier
// figure), and parent / calibrated / adapted on the reading set (AUC, sensitivity and specificity
// at each model's threshold with patient-bootstrap 95% intervals).
// With --costs, it only measures what choosing the trainable blocks costs: CPU seconds per image
// of the frozen forward pass (ONNX Runtime) up to layer3 and to layer4.0, and of one training
// step per image of layer4 and of layer4.1 (tfjs), so the plan for N images, V views and E epochs
// can be computed on any machine.
// Run: node --import tsx bench/adapt.bench.ts [--per-class 100] [--views 4] [--blocks layer4.1] [--epochs 8] [--skip-calibrate] [--costs]
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelEntry } from '../src-main/api/contract';
import type { AdaptBlocks } from '../src-main/api/adaptation';
import { registerWasmTrainingKernels } from '../src-main/engine/model/kernels/register-wasm-training-kernels';
import { ModelStore } from '../src-main/engine/model/model-store';
import { backendName, getTf } from '../src-main/engine/model/tf-backend';
import { inferenceRuntime } from '../src-main/engine/runtime/runtime-for-model';
import { runAdaptation } from '../src-main/engine/training/adapt';
import { runCalibration } from '../src-main/engine/training/calibrate';
import { siteLogits } from '../src-main/engine/training/site-logits';
import { formatInterval, siteFigures } from '../src-main/engine/training/site-figures';
import { temperatureOf } from '../src-main/engine/model/temperature';
import { SHIFT_DESCRIPTION, writeShiftedCohort } from '../tests/engine/training/support/shifted-cohort';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const perClass = Number(arg('--per-class') ?? 100);
const views = arg('--views') ? Number(arg('--views')) : undefined;
const epochs = arg('--epochs') ? Number(arg('--epochs')) : undefined;
const blocks = arg('--blocks') as AdaptBlocks | undefined;

process.env.ALVEO_WASM_THREADS ??= String(Math.min(8, availableParallelism()));
if (args.includes('--costs')) {
  await costs();
  process.exit(0);
}
const root = await mkdtemp(join(tmpdir(), 'alveo-adapt-bench-'));
const t0 = Date.now();
const cohort = await writeShiftedCohort(join(root, 'cohort'), { siteShare: 0.6, sitePerClass: perClass });
console.error(`simulated site written in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${SHIFT_DESCRIPTION}`);
const tf = await getTf('auto');
registerWasmTrainingKernels(tf);
const home = join(root, 'home');
const store = new ModelStore({ builtInDir: join(import.meta.dirname, '..', 'models'), userDir: home });
const runtimeFor = (e: ModelEntry) => inferenceRuntime(e, { tf: async () => tf });
const count = (label: 0 | 1, list: Array<{ label: 0 | 1 }>) => list.filter((it) => it.label === label).length;
const site = { NORMAL: count(0, cohort.siteImages), PNEUMONIA: count(1, cohort.siteImages) };
const reading = { NORMAL: count(0, cohort.readingImages), PNEUMONIA: count(1, cohort.readingImages) };

async function timed<T>(what: string, run: () => Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const cpu0 = process.cpuUsage();
  const w0 = Date.now();
  const value = await run();
  const cpu = process.cpuUsage(cpu0);
  const r = { value, wallS: (Date.now() - w0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
  console.error(`${what}: ${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU`);
  return r;
}

const noop = () => {};
const models: Array<{ role: string; id: string }> = [{ role: 'parent', id: 'default' }];
if (!args.includes('--skip-calibrate')) {
  const cal = await timed('calibrate', () => runCalibration({ data: cohort.site }, { tf, store, signal: new AbortController().signal, progress: noop, runtimeFor }));
  console.log(JSON.stringify({ bench: 'calibrate', images: site, wallS: cal.wallS, cpuS: cal.cpuS, temperature: cal.value.calibration.temperature, threshold: cal.value.calibration.after.threshold, engine: (await runtimeFor(await store.get('default'))).engine, load1: loadavg()[0] }));
  models.push({ role: 'calibrated', id: cal.value.modelId });
}
let lastMessage = '';
// How good the ETA shown while the activations are computed is: the last one before training, against the time training then took.
const etaCheck: { at: number; etaMs: number | null; trainedAt: number } = { at: 0, etaMs: null, trainedAt: 0 };
const ad = await timed('adapt', () =>
  runAdaptation(
    { data: cohort.site, views, epochs, trainBlocks: blocks },
    {
      tf,
      store,
      signal: new AbortController().signal,
      userDir: home,
      runtimeFor,
      progress: (p) => {
        if (p.adapt.stage === 'features') Object.assign(etaCheck, { at: Date.now(), etaMs: p.etaMs });
        if (p.adapt.stage === 'training') etaCheck.trainedAt = Date.now();
        if (p.adapt.epochEnd && p.message !== lastMessage) console.error((lastMessage = p.message ?? ''));
      },
    },
  ),
);
const a = ad.value.adaptation;
console.log(
  JSON.stringify({
    bench: 'adapt',
    images: site,
    trainBlocks: a.trainBlocks,
    views: a.views,
    epochsRun: a.history.length,
    bestEpoch: a.bestEpoch,
    wallS: ad.wallS,
    cpuS: ad.cpuS,
    featuresS: a.ms.features / 1000,
    trainingS: a.ms.training / 1000,
    featureEngine: a.featureEngine,
    etaAtLastFeaturesS: etaCheck.etaMs === null ? null : etaCheck.etaMs / 1000,
    actualFromThereS: etaCheck.trainedAt ? (etaCheck.trainedAt - etaCheck.at) / 1000 : null,
    trainingBackend: backendName(),
    load1: loadavg()[0],
  }),
);
models.push({ role: 'adapted', id: ad.value.modelId });

// Every model on the same reading images, at its own threshold and temperature.
const samples = cohort.readingImages.map((it) => ({ file: join(cohort.reading, it.label ? 'PNEUMONIA' : 'NORMAL', it.file.split('/').pop()!.replace(/\.[^.]+$/, '.png')), label: it.label }));
const patientOf = new Map(cohort.readingImages.map((it) => [join(cohort.reading, it.label ? 'PNEUMONIA' : 'NORMAL', it.file.split('/').pop()!.replace(/\.[^.]+$/, '.png')), it.patient]));
for (const m of models) {
  const entry = await store.get(m.id);
  // The raw logits, then the card's temperature and threshold (as every inference path applies them).
  const out = await siteLogits(tf, await runtimeFor(entry), samples, { ...entry.card.preprocessing, inputSize: entry.card.inputSize });
  const f = siteFigures(out.logits, out.labels, out.files.map((x) => patientOf.get(x) ?? x), entry.card.threshold.value, temperatureOf(entry.card));
  console.log(JSON.stringify({ bench: 'reading-set', role: m.role, model: m.id, images: reading, threshold: f.threshold, temperature: f.temperature, auc: f.auc, sensitivity: f.sensitivity, specificity: f.specificity, logLoss: f.logLoss, ece: f.ece, confusion: f.confusion }));
  console.error(`${m.role.padEnd(10)} AUC ${f.auc.toFixed(3)}  sensitivity ${formatInterval(f.sensitivity)}  specificity ${formatInterval(f.specificity)}  log loss ${f.logLoss.toFixed(3)}`);
}

async function costs(): Promise<void> {
  const tf = await getTf('auto');
  registerWasmTrainingKernels(tf);
  const store = new ModelStore({ builtInDir: join(import.meta.dirname, '..', 'models'), userDir: join(tmpdir(), 'alveo-adapt-costs') });
  const entry = await store.get('default');
  const runtime = await inferenceRuntime(entry, { tf: async () => tf });
  const n = 16;
  const x = new Float32Array(n * 224 * 224 * 3).map((_, i) => Math.sin(i) * 0.5);
  const cpuOf = async (run: () => Promise<unknown>, reps: number) => {
    await run(); // warm-up
    const c0 = process.cpuUsage();
    const w0 = Date.now();
    for (let r = 0; r < reps; r++) await run();
    const c = process.cpuUsage(c0);
    return { cpuMsPerImage: (c.user + c.system) / 1000 / (reps * n), wallMsPerImage: (Date.now() - w0) / (reps * n) };
  };
  for (const output of ['layer3', 'layer4.0'] as const) {
    const r = await cpuOf(() => runtime.run(x, n, { extra: [output] }), 2);
    console.log(JSON.stringify({ bench: 'frozen-forward', output, engine: runtime.engine, ...r, load1: loadavg()[0] }));
  }
  const { buildStartModel } = await import('../src-main/engine/training/start-model');
  const { buildTopModel, frozenShape } = await import('../src-main/engine/training/adapt-top-model');
  for (const blocks of ['layer4.1', 'layer4'] as const) {
    const full = await buildStartModel(tf, entry, 224, 1);
    const top = buildTopModel(tf, full, blocks);
    const shape = frozenShape(blocks, 224);
    const feats = tf.randomUniform([n, ...shape], 0, 1);
    const vars = top.trainableWeights.map((w) => w.read() as import('@tensorflow/tfjs-core').Variable);
    const stepOnce = async () => {
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.mean(tf.square(top.apply(feats, { training: false }) as import('@tensorflow/tfjs-core').Tensor)) as import('@tensorflow/tfjs-core').Scalar), vars);
      value.dispose();
      tf.dispose(Object.values(grads));
    };
    const r = await cpuOf(stepOnce, 2);
    console.log(JSON.stringify({ bench: 'train-step', blocks, backend: backendName(), trainableParams: top.countParams(), ...r, load1: loadavg()[0] }));
    feats.dispose();
    full.dispose();
  }
}
