// How many of 1,000 damaged and renamed real files a batch accounts for. Files are made from
// ../shared/data the ways archives and PACS exports mangle them (SOP-UID names without extension,
// preamble cut, wrong extension, truncated, header zeroed, empty) plus harmless non-images, then
// sorted by findStudyFiles (content) and by the old rule (extension, or DICM at byte 128).
// "unaccounted" must be 0 for the content rule: every file is either opened (a row) or skipped.
// Run: node --import tsx bench/find-by-content.bench.ts [--files 1000]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { findStudyFiles } from '../src-main/engine/studies/find-images';

const args = process.argv.slice(2);
const total = Number(args.includes('--files') ? args[args.indexOf('--files') + 1] : 1000);
const data = resolve(import.meta.dirname, '../../shared/data');
const dicoms = ['dicom/small', 'dicom/native'].flatMap((d) => readdirSync(join(data, d)).filter((f) => f.endsWith('.dcm')).map((f) => join(data, d, f)));
const jpegs = readdirSync(join(data, 'kermany-orig/val/NORMAL')).map((f) => join(data, 'kermany-orig/val/NORMAL', f));

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];

const dir = mkdtempSync(join(tmpdir(), 'alveo-bench-content-'));
mkdirSync(join(dir, 'a/b'), { recursive: true });
const kinds = new Map<string, number>();
for (let i = 0; i < total; i++) {
  const isDicom = rand() < 0.6;
  let bytes: Buffer = readFileSync(isDicom ? pick(dicoms) : pick(jpegs));
  const r = rand();
  let name = isDicom ? `1.2.826.0.1.3680043.2.${i}` : `IMG_${i}`;
  let kind: string;
  if (r < 0.3) kind = 'renamed, no extension';
  else if (r < 0.45) { kind = 'wrong extension'; name += pick(['.txt', '.dat', '.bin', '.jpg', '.png', '.dcm']); }
  else if (r < 0.55 && isDicom) { kind = 'preamble cut'; bytes = bytes.subarray(128); }
  else if (r < 0.6 && isDicom) { kind = 'preamble and DICM cut'; bytes = bytes.subarray(132); }
  else if (r < 0.7) { kind = 'truncated'; bytes = bytes.subarray(0, Math.floor(bytes.length * rand())); name += pick(['', '.dcm', '.jpg']); }
  else if (r < 0.75) { kind = 'header zeroed'; bytes = Buffer.from(bytes); bytes.fill(0, 0, 200); name += pick(['', '.dcm', '.jpeg']); }
  else if (r < 0.78) { kind = 'empty'; bytes = Buffer.alloc(0); name += pick(['', '.dcm']); }
  else if (r < 0.83) { kind = 'text file'; bytes = Buffer.from(`note ${i}\nreviewed\n`); name = `notes-${i}${pick(['', '.txt', '.csv'])}`; }
  else { kind = 'intact'; name += isDicom ? pick(['.dcm', '']) : '.jpeg'; }
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  writeFileSync(join(dir, i % 3 === 0 ? 'a/b' : i % 3 === 1 ? 'a' : '.', name), bytes);
}

function oldRule(file: string): boolean {
  if (['.dcm', '.dicom', '.jpg', '.jpeg', '.png'].includes(extname(file).toLowerCase())) return true;
  const b = readFileSync(file);
  return b.length >= 132 && b.toString('latin1', 128, 132) === 'DICM';
}
function allFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(d, e.name)) : [join(d, e.name)]));
}

const t = performance.now();
const { files, skipped } = await findStudyFiles(dir, true);
const ms = performance.now() - t;
const everything = allFiles(dir);
const old = everything.filter(oldRule);
console.log(`files made: ${everything.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`by content: ${files.length} opened (scored or an error row), ${skipped.length} skipped, unaccounted ${everything.length - files.length - skipped.length}  [${ms.toFixed(0)} ms to sort them]`);
console.log(`old rule (extension or DICM at 128): ${old.length} opened, ${everything.length - old.length} vanished without a word`);
rmSync(dir, { recursive: true, force: true });
