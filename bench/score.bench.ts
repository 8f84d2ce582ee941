// `alveo score` throughput on the original Kermany images with the shipped model (decode, guardrails,
// preprocess, batched inference), per stage, against the PyTorch script a researcher would write
// (bench/torch-score.py; skipped when python3-torch/torchvision are absent), in the same run: as
// served (the card's test-time views) and with --one-view, PyTorch doing the same views. Then
// RSS across many predictions through the same pipeline (it must stay flat). No result cache: this
// measures the work.
// Run: node --import tsx bench/score.bench.ts [--subset 320] [--predictions 5000] [--engine auto|onnxruntime|tfjs] [--batch N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreFiles, type ScoreResult } from '../src-main/engine/inference/score-folder';
import { ModelStore } from '../src-main/engine/model/model-store';
import { getTf } from '../src-main/engine/model/tf-backend';
import { ortThreadCount } from '../src-main/engine/runtime/onnx-runtime';
import { inferenceRuntime, type RuntimePreference } from '../src-main/engine/runtime/runtime-for-model';
import { oneViewServing } from '../src-main/engine/runtime/one-view-serving';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const subset = Number(arg('--subset') ?? 320);
const predictions = Number(arg('--predictions') ?? 5000);
const prefer = (arg('--engine') ?? 'auto') as RuntimePreference;
const batch = arg('--batch') ? Number(arg('--batch')) : undefined;
const data = resolve(root, '../shared/data/kermany-orig');
if (!existsSync(data)) {
  console.error(`no data at ${data} (../shared/data is absent?)`);
  process.exit(1);
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
const store = new ModelStore({ builtInDir: join(root, 'models'), userDir: join(tmpdir(), 'alveo-bench-unused') });
const entry = await store.get('default');
const runtime = await inferenceRuntime(entry, { prefer, tf: () => getTf('wasm') });
const files = kermanyFiles().slice(0, subset);
console.log(`${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`engine ${runtime.engine}${runtime.skipped.length ? ` (skipped: ${runtime.skipped.join('; ')})` : ''}`);
console.log(`model ${entry.id} (input ${entry.card.inputSize}); ${files.length} Kermany originals (shorter side 256 px)\n`);

function report(label: string, r: ScoreResult, cpuSeconds: number): number {
  const perSecond = r.rows.length / (r.ms / 1000);
  const s = r.stages;
  console.log(`${label}: ${r.scored} scored, ${r.failed} failed in ${(r.ms / 1000).toFixed(1)} s -> ${perSecond.toFixed(1)} images/s; CPU ${cpuSeconds.toFixed(1)} s -> ${(r.rows.length / cpuSeconds).toFixed(1)} images per CPU-second`);
  console.log(`  stages (wall time busy, they overlap): read+hash ${(s.readMs / 1000).toFixed(2)} s, decode+guardrails+resize ${(s.decodeMs / 1000).toFixed(2)} s, inference ${(s.inferMs / 1000).toFixed(2)} s in ${s.batches} batches (${(s.inferMs / r.scored).toFixed(1)} ms/image), model waiting for decode ${(s.waitMs / 1000).toFixed(2)} s`);
  return perSecond;
}

await scoreFiles(files.slice(0, 8), { runtime, card: entry.card, batchSize: batch }); // warm-up: codecs, allocator
// As served (the card's test-time views, if any), then --one-view, each against PyTorch doing the same.
const served = runtime.views ?? 1;
const ways = served > 1 ? [{ name: `alveo score (${served} views)`, views: served, ...{ runtime, card: entry.card } }, { name: 'alveo score --one-view', views: 1, ...oneViewServing(entry, runtime) }] : [{ name: 'alveo score', views: 1, runtime, card: entry.card }];
const rates = new Map<number, { wall: number; cpu: number }>();
for (const way of ways) {
  const cpu0 = process.cpuUsage();
  const result = await scoreFiles(files, { runtime: way.runtime, card: way.card, batchSize: batch });
  const cpu = process.cpuUsage(cpu0);
  const wall = report(way.name, result, (cpu.user + cpu.system) / 1e6);
  rates.set(way.views, { wall, cpu: result.rows.length / ((cpu.user + cpu.system) / 1e6) });
}

// The PyTorch baseline, same files, same thread count, right after.
// Debian's python3-torch lives in /usr/bin/python3, which a pyenv or venv python3 on PATH may hide.
const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import torch, torchvision, PIL'], { encoding: 'utf8' }).status === 0);
if (!python) {
  console.log('\nPyTorch: skipped (python3 with torch, torchvision and PIL not found; Debian: apt install python3-torch python3-torchvision python3-pil)');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'alveo-bench-'));
  try {
    const list = join(dir, 'files.txt');
    writeFileSync(list, files.join('\n'));
    const threads = runtime.kind === 'onnxruntime' ? ortThreadCount() : cpus().length;
    for (const [views, alveo] of rates) {
      const r = spawnSync(python, [join(root, 'bench', 'torch-score.py'), list, String(threads), ...(views > 1 ? ['tta'] : [])], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.log(`\nPyTorch: failed (${r.stderr.trim().split('\n').pop()})`);
        continue;
      }
      const t = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { images: number; views: number; seconds: number; cpuSeconds: number; decodeSeconds: number; torch: string };
      const torchRate = t.images / t.seconds;
      console.log(`\nPyTorch ${t.torch} (PIL + torchvision ResNet18, batch 16, ${threads} threads, ${t.views} view${t.views > 1 ? 's' : ''}): ${t.images} images in ${t.seconds.toFixed(1)} s -> ${torchRate.toFixed(1)} images/s (decode ${t.decodeSeconds.toFixed(2)} s); ${(t.images / t.cpuSeconds).toFixed(1)} images per CPU-second`);
      console.log(`alveo / PyTorch, ${views} view${views > 1 ? 's' : ''} each: ${(alveo.wall / torchRate).toFixed(2)}x wall clock, ${(alveo.cpu / (t.images / t.cpuSeconds)).toFixed(2)}x per CPU-second`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Memory: `predictions` images through the same pipeline (the subset in turn), RSS sampled every 10%.
if (predictions > 0) {
  const many = Array.from({ length: predictions }, (_, i) => files[i % files.length]);
  global.gc?.();
  const rss: number[] = [];
  const r0 = process.memoryUsage().rss;
  console.log(`\n${predictions} predictions through scoreFiles: RSS (start ${mb(r0)})`);
  let next = Math.floor(predictions / 10);
  const r = await scoreFiles(many, {
    runtime,
    card: entry.card,
    batchSize: batch,
    onProgress: (p) => {
      if (p.done < next) return;
      next += Math.floor(predictions / 10);
      global.gc?.();
      const m = process.memoryUsage().rss;
      rss.push(m);
      console.log(`  ${String(p.done).padStart(5)}  rss ${mb(m)}  (${(p.imagesPerSecond ?? 0).toFixed(1)} images/s)`);
    },
  });
  const growth = rss.length > 1 ? rss[rss.length - 1] - rss[0] : 0;
  console.log(`${r.scored} scored; RSS from first to last sample ${growth >= 0 ? '+' : ''}${mb(growth)}`);
}
