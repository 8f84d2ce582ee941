// Pooled layer4 features of a stored model for a list of image files, computed by the app's own
// path (loadStudy -> display pixels -> squash resize -> normalise -> the tfjs model), so the
// out-of-distribution statistics fitted on them match what the engine computes at prediction time.
// Usage:
//   node --import tsx training/extract-features.ts --model models/default --list FILES.txt --out PREFIX
// FILES.txt: one image path per line. Writes PREFIX.f32 (N x 512 float32 little endian, rows in
// list order, zeros for files that failed) and PREFIX.json ({files, probabilities, failed}).
// Resumable: rows already in PREFIX.f32 (from PREFIX.json's `done`) are not computed again.
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, truncate, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { pooledAt } from '../src-main/engine/guardrails/ood-guardrail';
import { modelInput } from '../src-main/engine/inference/preprocess';
import { loadModel } from '../src-main/engine/model/load-model';
import { ModelStore } from '../src-main/engine/model/model-store';
import { getTf } from '../src-main/engine/model/tf-backend';
import { loadStudy } from '../src-main/engine/studies/load-study';
import { studyFeatures } from './study-features';

const { values } = parseArgs({ options: { model: { type: 'string' }, list: { type: 'string' }, out: { type: 'string' } } });
if (!values.model || !values.list || !values.out) {
  throw new Error('usage: extract-features.ts --model MODEL_DIR --list FILES.txt --out PREFIX');
}
const files = readFileSync(values.list, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const binFile = `${values.out}.f32`;
const jsonFile = `${values.out}.json`;

interface Index {
  files: string[];
  probabilities: (number | null)[];
  failed: { file: string; error: string }[];
  done: number;
}
let index: Index = { files, probabilities: [], failed: [], done: 0 };
if (existsSync(jsonFile) && existsSync(binFile)) {
  const prev = JSON.parse(readFileSync(jsonFile, 'utf8')) as Index;
  if (prev.files.length === files.length && prev.files.every((f, i) => f === files[i])) index = prev;
}
// Rows written after the last index save are dropped and computed again.
if (index.done === 0) await writeFile(binFile, new Uint8Array(0));
else await truncate(binFile, index.done * 512 * 4);

const tf = await getTf('wasm');
const store = new ModelStore({ builtInDir: resolve('models'), userDir: resolve('.alveo-home-unused') });
const loaded = await loadModel(tf, await store.get(resolve(values.model)));
const dim = 512;
const started = performance.now();
const firstThisRun = index.done;
for (let i = index.done; i < files.length; i++) {
  let row = new Float32Array(dim);
  let prob: number | null = null;
  try {
    const f = await studyFeatures(tf, loaded, await loadStudy(files[i]));
    row = Float32Array.from(f.pooled);
    prob = f.probability;
  } catch (err) {
    index.failed.push({ file: files[i], error: (err as Error).message });
  }
  await appendFile(binFile, new Uint8Array(row.buffer));
  index.probabilities.push(prob);
  index.done = i + 1;
  if (index.done % 100 === 0 || index.done === files.length) {
    await writeFile(jsonFile, JSON.stringify(index));
    const rate = (performance.now() - started) / (index.done - firstThisRun);
    console.error(`${index.done}/${files.length} (${rate.toFixed(0)} ms/image this run)`);
  }
}
await writeFile(jsonFile, JSON.stringify(index));
console.error(`done: ${files.length} files, ${index.failed.length} failed`);
