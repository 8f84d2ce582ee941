// How the pixel guardrail ("does this look like a chest radiograph?") behaves: how many real
// radiographs it flags (should be none) and how many pictures that are not radiographs it flags
// (should be all). Radiographs: every Kermany original and every shared DICOM. Non-radiographs:
// pictures drawn here (uniform, gradients, noise, checkerboard, a text page, smooth blobs, inverted
// radiographs), plus any folders of ordinary pictures given on the command line (screenshots,
// diagrams, icons, photos found on this machine; they stay where they are).
// Run: node --import tsx bench/guardrails.bench.ts [--kermany-224] [--others DIR ...]
// Columns: images, flagged by the pixel check, flagged by any guardrail (default model's card).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DRAWN_NON_RADIOGRAPHS, writeDrawnPicture } from './support/drawn-non-radiographs';
import type { ModelCard } from '../src-main/api/model-card';
import { checkStudy, pixelGuardrails } from '../src-main/engine/guardrails/check-study';
import { radiographFeatures } from '../src-main/engine/guardrails/radiograph-features';
import { displayPixels } from '../src-main/engine/studies/display-pixels';
import { findImageFiles } from '../src-main/engine/studies/find-images';
import { loadStudy } from '../src-main/engine/studies/load-study';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = resolve(root, '../shared/data');
const args = process.argv.slice(2);
const others = args.includes('--others') ? args.slice(args.indexOf('--others') + 1) : [];

// The default model's input size and population: what the attribute rules compare against.
const card = { inputSize: 224, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'pediatric frontal chest radiographs' } } as unknown as ModelCard;

interface Tally {
  n: number;
  flagged: number;
  /** Flagged by any guardrail (colour, size ... as well as the pixels). */
  flaggedAll: number;
  codes: Map<string, number>;
  failed: number;
  misses: string[];
}
const tally = (): Tally => ({ n: 0, flagged: 0, flaggedAll: 0, codes: new Map(), failed: 0, misses: [] });

async function measure(file: string, t: Tally, expectFlag: boolean, features?: number[][]): Promise<void> {
  let study;
  try {
    study = await loadStudy(file);
  } catch {
    t.failed++;
    return;
  }
  const display = displayPixels(study);
  const g = pixelGuardrails(study, display);
  if (features) {
    const f = radiographFeatures(display, study.rows, study.columns);
    features.push([f.std, f.spineLungContrast, f.symmetry, f.whiteShare, f.busyness, f.fineStructure, f.belowLungs]);
  }
  t.n++;
  if (checkStudy(study, card).length) t.flaggedAll++;
  if (g.length) {
    t.flagged++;
    for (const x of g) t.codes.set(x.code, (t.codes.get(x.code) ?? 0) + 1);
  }
  if (Boolean(g.length) !== expectFlag) t.misses.push(file);
}

function line(name: string, t: Tally): string {
  const codes = [...t.codes].map(([c, n]) => `${c} ${n}`).join(', ');
  return `${name.padEnd(36)} ${String(t.n).padStart(5)} ${String(t.flagged).padStart(7)} ${String(t.flaggedAll).padStart(7)}  ${codes}${t.failed ? ` (${t.failed} unreadable)` : ''}`;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

const rows: string[] = [];
const started = performance.now();
const features: number[][] = [];
if (existsSync(data)) {
  const kermany = tally();
  for (const file of await findImageFiles(join(data, 'kermany-orig'), true)) await measure(file, kermany, false, features);
  rows.push(line('Kermany originals (radiographs)', kermany));
  const dicom = tally();
  for (const file of await findImageFiles(join(data, 'dicom'), true)) await measure(file, dicom, false, features);
  rows.push(line('shared DICOMs (radiographs)', dicom));
  if (args.includes('--kermany-224')) {
    const squashed = tally();
    for (const file of await findImageFiles(join(data, 'kermany-224'), true)) await measure(file, squashed, false);
    rows.push(line('Kermany 224 squashed (radiographs)', squashed));
    for (const m of squashed.misses.slice(0, 10)) rows.push(`   flagged: ${m}`);
  }
  for (const t of [kermany, dicom]) for (const m of t.misses.slice(0, 10)) rows.push(`   flagged: ${m}`);
} else {
  rows.push(`(no real data at ${data})`);
}

// Drawn pictures that are not radiographs.
const tmp = mkdtempSync(join(tmpdir(), 'alveo-guard-bench-'));
const drawnTally = tally();
for (const [name, f] of DRAWN_NON_RADIOGRAPHS) await measure(await writeDrawnPicture(tmp, name, f), drawnTally, true);
const page = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="520"><rect width="100%" height="100%" fill="white"/>${Array.from(
  { length: 24 },
  (_, i) => `<text x="24" y="${30 + i * 20}" font-size="14" font-family="sans-serif">Line ${i + 1}: the quick brown fox jumps over the lazy dog ${i * 7}</text>`,
).join('')}</svg>`;
await sharp(Buffer.from(page)).greyscale().png().toFile(join(tmp, 'text-page.png'));
await measure(join(tmp, 'text-page.png'), drawnTally, true);
rows.push(line('drawn non-radiographs', drawnTally));
for (const m of drawnTally.misses) rows.push(`   NOT flagged: ${m.split('/').pop()}`);

// Inverted radiographs: black and white swapped.
if (existsSync(data)) {
  const inv = tally();
  const sample = (await findImageFiles(join(data, 'kermany-orig', 'train'), true)).filter((_, i) => i % 10 === 0);
  for (const file of sample) {
    const { data: raw, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
    const out = join(tmp, 'inverted.png');
    await sharp(Buffer.from(raw.map((v) => 255 - v)), { raw: { width: info.width, height: info.height, channels: 1 } }).png().toFile(out);
    await measure(out, inv, true);
  }
  rows.push(line('inverted Kermany (every 10th train)', inv));
}

// Ordinary pictures found on this machine.
if (others.length) {
  const found = tally();
  const files: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (['.png', '.jpg', '.jpeg'].includes(extname(name).toLowerCase())) files.push(p);
    }
  };
  for (const d of others) if (existsSync(d)) visit(d);
  for (const file of files) await measure(file, found, true);
  rows.push(line('found pictures (--others)', found));
  for (const m of found.misses) rows.push(`   NOT flagged: ${m}`);
}
rmSync(tmp, { recursive: true, force: true });

console.log(`${'set'.padEnd(36)} ${'n'.padStart(5)} ${'pixels'.padStart(7)} ${'any'.padStart(7)}  pixel guardrails`);
for (const r of rows) console.log(r);
if (features.length) {
  const names = ['std', 'spine-lung', 'symmetry', 'white share', 'busyness', 'fine struct.', 'below lungs'];
  console.log('\nradiograph features: min / 1st pct / median / 99th pct / max');
  names.forEach((n, i) => {
    const xs = features.map((f) => f[i]);
    console.log(`${n.padEnd(12)} ${[Math.min(...xs), pct(xs, 0.01), pct(xs, 0.5), pct(xs, 0.99), Math.max(...xs)].map((v) => v.toFixed(3).padStart(9)).join(' ')}`);
  });
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
