// How models hold up under a simulated acquisition shift: the same images as they are and through
// the washed-out detector response of tests/engine/training/support/shifted-cohort.ts (SHIFT: the
// shift that flagged 80% of the shipped model's normals, much like Kermany's official test split),
// each model at its own card threshold through the app's own pipeline. A SIMULATION, not a second
// site; use images none of the models trained on (training/pytorch/compare_models.py lists them).
// Prints one line per model and condition: AUC, sensitivity, specificity.
// Run: node --import tsx bench/shift-robustness.bench.ts --files LIST.json [--model ID|DIR]...
//   LIST.json: a JSON array of image paths (default: the default model's validation fixture images)
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { predictStudy } from '../src-main/engine/inference/predict';
import { ModelStore } from '../src-main/engine/model/model-store';
import { inferenceRuntime, unloadInferenceRuntimes } from '../src-main/engine/runtime/runtime-for-model';
import { loadStudy } from '../src-main/engine/studies/load-study';
import { metricsAt, rocAuc } from '../src-main/engine/training/metrics';
import { defaultValidationImages, SHIFT_DESCRIPTION, shiftImage } from '../tests/engine/training/support/shifted-cohort';

const args = process.argv.slice(2);
const values = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]] : []));
const list = values('--files')[0];
const files: string[] = list ? (JSON.parse(readFileSync(list, 'utf8')) as string[]) : (await defaultValidationImages()).map((it) => it.file);
const labelOf = (f: string) => (/\/PNEUMONIA\//.test(f) ? 1 : /\/NORMAL\//.test(f) ? 0 : null);
const labels = files.map(labelOf);
if (labels.some((l) => l === null)) throw new Error('every image must sit in a NORMAL/ or PNEUMONIA/ folder');
const models = values('--model').length ? values('--model') : ['default'];

const dir = await mkdtemp(join(tmpdir(), 'alveo-shift-bench-'));
try {
  await mkdir(join(dir, 'shifted'));
  const shifted: string[] = [];
  for (const [k, f] of files.entries()) {
    const out = join(dir, 'shifted', `${k}-${basename(f).replace(/\.[^.]+$/, '')}.png`);
    await writeFile(out, await shiftImage(f, 1000 + k));
    shifted.push(out);
  }
  const y = labels as number[];
  console.log(`${files.length} images (${y.filter((l) => l === 0).length} normal); shift: ${SHIFT_DESCRIPTION}`);
  const store = new ModelStore({ builtInDir: join(import.meta.dirname, '..', 'models'), userDir: join(dir, 'home') });
  for (const m of models) {
    const entry = await store.get(m);
    const runtime = await inferenceRuntime(entry);
    const t = entry.card.threshold.value;
    for (const [condition, paths] of [['as they are', files], ['washed-out', shifted]] as const) {
      const p: number[] = [];
      for (const f of paths) p.push((await predictStudy(runtime, entry.card, await loadStudy(f))).probability);
      const r = metricsAt(p, y, t);
      console.log(
        `${m} (threshold ${t}) ${condition.padEnd(11)}: AUC ${rocAuc(p, y).toFixed(4)}, sensitivity ${r.sensitivity.toFixed(3)}, specificity ${r.specificity.toFixed(3)}, accuracy ${r.accuracy.toFixed(3)}`,
      );
    }
  }
} finally {
  await unloadInferenceRuntimes();
  await rm(dir, { recursive: true, force: true });
}
