// Decode speed per DICOM file: loadStudy (read + parse + decode frame 0 + values + window +
// polarity) and the bare pixel decode, median of several runs after one warm-up (which also pays
// the one-time wasm codec start-up, reported separately).
// Run: node --import tsx bench/decode.bench.ts [--small] [--runs N]
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStudy } from '../src-main/engine/studies/load-study';
import { inspectDicom } from '../src-main/engine/studies/inspect-dicom';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dicomDir = resolve(root, '../shared/data/dicom');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const folders = args.includes('--small') ? ['native', 'small'] : ['native'];

if (!existsSync(dicomDir)) {
  console.error(`no DICOM data at ${dicomDir}`);
  process.exit(1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`node ${process.version}, ${runs} runs per file (median)`);
console.log(`${'file'.padEnd(58)} ${'size'.padStart(11)} ${'first ms'.padStart(9)} ${'load ms'.padStart(8)} ${'decode ms'.padStart(9)}  syntax`);
for (const folder of folders) {
  for (const name of readdirSync(join(dicomDir, folder)).filter((f) => f.endsWith('.dcm')).sort()) {
    const file = join(dicomDir, folder, name);
    let t = performance.now();
    const study = await loadStudy(file);
    const first = performance.now() - t;
    const load: number[] = [];
    const decode: number[] = [];
    let syntax = '';
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      await loadStudy(file);
      load.push(performance.now() - t);
      const info = await inspectDicom(file);
      decode.push(info.decodeMs);
      syntax = info.transferSyntax;
    }
    console.log(
      `${`${folder}/${name}`.padEnd(58)} ${`${study.columns}x${study.rows}`.padStart(11)} ${first.toFixed(0).padStart(9)} ${median(load).toFixed(0).padStart(8)} ${median(decode).toFixed(0).padStart(9)}  ${syntax}`,
    );
  }
}
