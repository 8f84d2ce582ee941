// LIME on a real radiograph with the shipped model: wall and CPU time of one explanation (1000
// samples by default), split into superpixels, perturbation + forward passes, and the ridge fit,
// with the images/s the runtime reached. Target (issue 11): <= 10 s on the 2-core reference
// machine. On a shared, loaded machine the wall time also counts waiting for a core; the CPU time
// divided by the runtime's threads is close to what a quiet machine would take.
// On ONNX Runtime's CPU provider the samples run through the int8 copy (lime-predict.ts); --float
// runs them in float32 instead, --compare runs both and prints how far the explanations differ.
// Run: node --import tsx bench/lime.bench.ts [--runs N] [--samples N] [--engine auto|onnxruntime|tfjs] [--file F] [--model ID|DIR] [--float|--compare]
import { existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainLime, type LimeFit, type PredictBatch } from '../src-main/engine/inference/lime';
import { limeForward } from '../src-main/engine/inference/lime-predict';
import { slicSuperpixels } from '../src-main/engine/inference/lime-superpixels';
import { modelPixels } from '../src-main/engine/inference/preprocess';
import { ModelStore } from '../src-main/engine/model/model-store';
import { getTf } from '../src-main/engine/model/tf-backend';
import { inferenceRuntime, unloadInferenceRuntimes, type RuntimePreference } from '../src-main/engine/runtime/runtime-for-model';
import { loadStudy } from '../src-main/engine/studies/load-study';
import { pearson } from '../tests/e2e/support/pearson';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') ?? 3);
const samples = Number(arg('--samples') ?? 1000);
const prefer = (arg('--engine') ?? 'auto') as RuntimePreference;
const file = arg('--file') ?? resolve(root, '../shared/data/kermany-orig/val/PNEUMONIA/person1946_bacteria_4874.jpeg');
if (!existsSync(file)) {
  console.error(`no study at ${file} (../shared/data is absent?)`);
  process.exit(1);
}

const store = new ModelStore({ builtInDir: join(root, 'models'), userDir: join(tmpdir(), 'alveo-bench-unused') });
const entry = await store.get(arg('--model') ?? 'default');
const runtime = await inferenceRuntime(entry, { prefer, tf: () => getTf('wasm') });
const card = entry.card;
const batch = Math.max(16, runtime.preferredBatch);
console.log(`engine ${runtime.engine}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`study ${file}`);
console.log(`model ${entry.id} (input ${card.inputSize}), ${samples} samples in batches of ${batch}, ${runs} runs after 1 warm-up batch\n`);

const study = await loadStudy(file);
const pixels = await modelPixels(study, card);
await runtime.run(new Float32Array(batch * card.inputSize * card.inputSize * 3), batch); // warm-up

const modes: Array<'int8' | 'float'> = args.includes('--compare') ? ['float', 'int8'] : args.includes('--float') ? ['float'] : ['int8'];
const fits: Partial<Record<'int8' | 'float', LimeFit>> = {};
for (const mode of modes) {
  for (let run = 1; run <= runs; run++) {
    const forward = limeForward(runtime, mode === 'int8' ? entry.dir : null);
    let forwardMs = 0;
    const timed: PredictBatch = async (input, n) => {
      const t = performance.now();
      try {
        return await forward.predict(input, n);
      } finally {
        forwardMs += performance.now() - t;
      }
    };
    const t0 = performance.now();
    slicSuperpixels(pixels, card.inputSize, card.inputSize, { regions: 50 });
    const slicMs = performance.now() - t0;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const fit = await explainLime(pixels, card.inputSize, card.preprocessing, timed, { samples, batch });
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    await forward.dispose();
    fits[mode] = fit;
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const other = wall - forwardMs - slicMs;
    const q = forward.quantization();
    const how = q ? `int8 (calibrated on ${q.calibrationSamples}, max |dp| ${q.maxAbsError.toFixed(4)} there)` : `float32${forward.int8Skipped() ? ` (${forward.int8Skipped()})` : ''}`;
    console.log(
      `${mode} run ${run}: ${(wall / 1000).toFixed(2)} s wall (CPU ${cpuS.toFixed(1)} s), ${((1000 * samples) / forwardMs).toFixed(1)} images/s in the model, ${how}; ` +
        `superpixels ${slicMs.toFixed(0)} ms, forward passes (int8 build included) ${(forwardMs / 1000).toFixed(2)} s, perturbation + fit ${other.toFixed(0)} ms; ` +
        `${fit.superpixels.count} regions, R^2 ${fit.r2.toFixed(2)}, p ${(forward.exactProbability() ?? fit.probability).toFixed(4)}, top ${fit.top.join(',')}`,
    );
  }
}
if (fits.int8 && fits.float) {
  const shared = fits.float.top.filter((r) => fits.int8!.top.includes(r)).length;
  console.log(`\nint8 vs float32 region weights: correlation ${pearson(fits.float.weights, fits.int8.weights).toFixed(4)}; top regions shared ${shared} of ${fits.float.top.length}; best region ${fits.float.top[0] === fits.int8.top[0] ? 'the same' : 'differs'}`);
}
await unloadInferenceRuntimes();
