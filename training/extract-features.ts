// Pooled layer4 features of a stored model for a list of image files, computed by the engine's own
// prediction path (loadStudy -> prepareStudy: display pixels, squash resize -> normalise -> the
// inference runtime that serves predictions, ONNX Runtime where it loads), so the
// out-of-distribution statistics fitted on them match what the engine computes at prediction time.
// Batched: about 10x the per-image tfjs-wasm path it replaces (ALVEO_RUNTIME=tfjs still forces that).
// Usage:
//   node --import tsx training/extract-features.ts --model models/default --list FILES.txt --out PREFIX
// FILES.txt: one image path per line. Writes PREFIX.f32 (N x 512 float32 little endian, rows in
// list order, zeros for files that failed) and PREFIX.json ({files, probabilities, failed}).
// Resumable: rows already in PREFIX.f32 (from PREFIX.json's `done`) are not computed again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, truncate, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pooledAt } from '../src-main/engine/guardrails/ood-guardrail';
import { prepareStudy } from '../src-main/engine/inference/predict';
import { normalizeInto } from '../src-main/engine/inference/preprocess';
import { ModelStore } from '../src-main/engine/model/model-store';
import { inferenceRuntime } from '../src-main/engine/runtime/runtime-for-model';
import { loadStudy } from '../src-main/engine/studies/load-study';

const { values } = parseArgs({ options: { model: { type: 'string' }, list: { type: 'string' }, out: { type: 'string' } } });
if (!values.model || !values.list || !values.out) {
  throw new Error('usage: extract-features.ts --model MODEL_DIR --list FILES.txt --out PREFIX');
}
const files = readFileSync(values.list, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const binFile = `${values.out}.f32`;
const jsonFile = `${values.out}.json`;

interface Index {
  /** Which weights the rows belong to: a rebuilt model must not resume from its predecessor's features. */
  model?: string;
  files: string[];
  probabilities: (number | null)[];
  failed: { file: string; error: string }[];
  done: number;
}
const store = new ModelStore({ builtInDir: resolve('models'), userDir: resolve('.alveo-home-unused') });
const entry = await store.get(resolve(values.model));
// The weights themselves, not the card: an import may keep a reused card's 'created'.
const weightsHash = createHash('sha256');
for (const f of readdirSync(entry.dir).filter((n) => n.endsWith('.bin')).sort()) weightsHash.update(readFileSync(join(entry.dir, f)));
const modelKey = weightsHash.digest('hex');
let index: Index = { model: modelKey, files, probabilities: [], failed: [], done: 0 };
if (existsSync(jsonFile) && existsSync(binFile)) {
  const prev = JSON.parse(readFileSync(jsonFile, 'utf8')) as Index;
  if (prev.model === modelKey && prev.files.length === files.length && prev.files.every((f, i) => f === files[i])) index = prev;
}
// Rows written after the last index save are dropped and computed again.
if (index.done === 0) await writeFile(binFile, new Uint8Array(0));
else await truncate(binFile, index.done * 512 * 4);

const runtime = await inferenceRuntime(entry);
const card = entry.card;
const size = card.inputSize;
const dim = 512;
const batch = 16;
const started = performance.now();
const firstThisRun = index.done;
console.error(`features by ${runtime.engine}`);
try {
  for (let at = index.done; at < files.length; at += batch) {
    const chunk = files.slice(at, at + batch);
    const rows = chunk.map(() => new Float32Array(dim));
    const probs: (number | null)[] = chunk.map(() => null);
    const ok: number[] = [];
    const input = new Float32Array(chunk.length * size * size * 3);
    for (const [k, file] of chunk.entries()) {
      try {
        const prepared = await prepareStudy(await loadStudy(file), card);
        normalizeInto(prepared.pixels, card, input, ok.length);
        ok.push(k);
      } catch (err) {
        index.failed.push({ file, error: (err as Error).message });
      }
    }
    if (ok.length) {
      const out = await runtime.run(input.subarray(0, ok.length * size * size * 3), ok.length);
      ok.forEach((k, j) => {
        rows[k] = Float32Array.from(pooledAt(out.features, j));
        probs[k] = out.probabilities[j];
      });
    }
    for (const row of rows) await appendFile(binFile, new Uint8Array(row.buffer));
    index.probabilities.push(...probs);
    index.done = at + chunk.length;
    if (index.done % 160 === 0 || index.done === files.length) {
      await writeFile(jsonFile, JSON.stringify(index));
      const rate = (performance.now() - started) / (index.done - firstThisRun);
      console.error(`${index.done}/${files.length} (${rate.toFixed(0)} ms/image this run)`);
    }
  }
} finally {
  await runtime.dispose();
}
await writeFile(jsonFile, JSON.stringify(index));
console.error(`done: ${files.length} files, ${index.failed.length} failed`);
