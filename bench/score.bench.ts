// Batch scoring throughput (decode + preprocess + infer, the Grad-CAM map included) in images/s on
// the original Kermany images, then tensor count and RSS across many predictions (they must stay
// flat). The result cache is off: this measures the work, not the cache.
// Run: node --import tsx bench/score.bench.ts [--subset N] [--predictions N] [--backend wasm|auto] [--model ID|DIR]
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, defaultUserDir } from '../src-main/engine/index';
import { predictStudy } from '../src-main/engine/inference/predict';
import { scoreFiles } from '../src-main/engine/inference/score-folder';
import { derive, type LoadedModel } from '../src-main/engine/model/load-model';
import { buildResNet18 } from '../src-main/engine/model/resnet18';
import { backendName, getTf, type BackendPreference, type Tf } from '../src-main/engine/model/tf-backend';
import { loadStudy } from '../src-main/engine/studies/load-study';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const subset = Number(arg('--subset') ?? 200);
const predictions = Number(arg('--predictions') ?? 1000);
const backend = (arg('--backend') ?? 'wasm') as BackendPreference;
const data = resolve(root, '../shared/data/kermany-orig');
if (!existsSync(data)) {
  console.error(`no data at ${data} (../shared/data is absent?)`);
  process.exit(1);
}

async function model(tf: Tf): Promise<LoadedModel> {
  const id = arg('--model');
  if (id) return createEngine({ builtInModelsDir: join(root, 'models'), userDir: defaultUserDir(), backend }).loadModel(id);
  const card = { id: 'bench-224', inputSize: 224, preprocessing: { inputSize: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, threshold: { value: 0.5 }, trained: false } as unknown as LoadedModel['card'];
  return derive(tf, { id: 'bench-224', dir: '-', builtIn: false, active: false, card }, buildResNet18(tf, { inputSize: 224, seed: 1 }));
}

/** Every file of the four class folders, interleaved so a subset mixes classes and splits. */
function kermanyFiles(): string[] {
  const lists = ['train/NORMAL', 'train/PNEUMONIA', 'val/NORMAL', 'val/PNEUMONIA'].map((d) =>
    readdirSync(join(data, d)).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f) => join(data, d, f)),
  );
  const out: string[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const tf = await getTf(backend);
const loaded = await model(tf);
const files = kermanyFiles().slice(0, subset);
console.log(`backend ${backendName()}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`model ${loaded.entry.id} (input ${loaded.card.inputSize}); ${files.length} Kermany originals (shorter side 256 px)\n`);

await predictStudy(tf, loaded, await loadStudy(files[0])); // warm-up: kernels, codecs
const cpu0 = process.cpuUsage();
const result = await scoreFiles(files, { tf, loaded });
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const perSecond = result.rows.length / (result.ms / 1000);
console.log(`batch: ${result.scored} scored, ${result.failed} failed in ${(result.ms / 1000).toFixed(1)} s -> ${perSecond.toFixed(2)} images/s (${(result.ms / result.rows.length).toFixed(0)} ms per image)`);
// On a shared machine the wall clock also counts waiting for a core; CPU time does not.
console.log(`  CPU ${cpuSeconds.toFixed(1)} s -> ${(result.rows.length / cpuSeconds).toFixed(2)} images per CPU-second (load average ${loadavg()[0].toFixed(2)})`);

// Memory: the same loop a long batch runs, sampled every 10%.
const studies = await Promise.all(files.slice(0, 20).map((f) => loadStudy(f)));
global.gc?.();
const t0 = tf.memory().numTensors;
const r0 = process.memoryUsage().rss;
console.log(`\n${predictions} predictions (20 studies in turn): tensors / RSS`);
console.log(`  ${'0'.padStart(5)}  tensors ${t0}  rss ${mb(r0)}`);
const rss: number[] = [];
for (let i = 1; i <= predictions; i++) {
  await predictStudy(tf, loaded, studies[i % studies.length]);
  if (i % Math.max(1, Math.floor(predictions / 10)) === 0) {
    global.gc?.();
    const m = process.memoryUsage().rss;
    rss.push(m);
    console.log(`  ${String(i).padStart(5)}  tensors ${tf.memory().numTensors}  rss ${mb(m)}  tensor bytes ${mb(tf.memory().numBytes)}`);
  }
}
const t1 = tf.memory().numTensors;
const growth = rss.length > 1 ? rss[rss.length - 1] - rss[0] : 0;
console.log(`tensors ${t0} -> ${t1} (${t1 === t0 ? 'flat' : 'LEAK'}); RSS from first to last sample ${growth >= 0 ? '+' : ''}${mb(growth)}`);
