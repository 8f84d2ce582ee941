// What an evaluation counts apart: an extra byte-identical copy counts once, an image filed under
// both labels not at all (it has no ground truth) and is named; the images the app holds back
// (intended-use warnings) are listed, with the figures on the images the app would answer.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { loadModel } from '../../../src-main/engine/model/load-model';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { evaluateModel } from '../../../src-main/engine/training/evaluate';
import { metricsAt } from '../../../src-main/engine/training/metrics';
import { writeEvaluationReport } from '../../../src-main/engine/training/report-html';
import { writeChestDicom, writeImage } from './support/draw-images';
import { tempDir } from '../../support/temp-dir';

async function smallModel(root: string) {
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(root, 'none'), userDir: join(root, 'home') });
  const model = buildResNet18(tf, { inputSize: 64, seed: 5 });
  const entry = await store.saveModel(tf, model, defaultCard({ id: 'eval-me', inputSize: 64, trained: true, threshold: { value: 0.5, rule: 'test threshold' } }));
  model.dispose();
  return { tf, loaded: await loadModel(tf, entry) };
}

async function uniformPng(file: string): Promise<string> {
  await writeFile(file, await sharp(Buffer.alloc(64 * 64, 128), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer());
  return file;
}

test('an extra copy counts once, an image filed under both labels not at all and is named everywhere', async () => {
  const root = await tempDir('alveo-eval-dup-');
  const data = join(root, 'data');
  for (let i = 0; i < 4; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 96, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 96, 10 + i, true);
  }
  await copyFile(join(data, 'PNEUMONIA', 'p0.png'), join(data, 'PNEUMONIA', 'dup-copy.png'));
  await copyFile(join(data, 'NORMAL', 'n0.png'), join(data, 'PNEUMONIA', 'mislabel-dup.png'));
  const { tf, loaded } = await smallModel(root);
  const r = await evaluateModel(tf, loaded, { data }, { backend: 'wasm' });
  // 10 files: the copy of p0 counts once; n0 and its PNEUMONIA twin have no ground truth.
  assert.equal(r.n, 7);
  assert.deepEqual(r.dataset.images, { NORMAL: 3, PNEUMONIA: 4 });
  assert.equal(r.dataset.duplicates, 1);
  assert.deepEqual(r.conflicts, [[join(data, 'NORMAL', 'n0.png'), join(data, 'PNEUMONIA', 'mislabel-dup.png')]]);
  assert.ok(r.warnings?.includes('1 image is filed under both labels (byte-identical copies under NORMAL and PNEUMONIA): not counted'), JSON.stringify(r.warnings));
  const out = await writeEvaluationReport(r, join(root, 'report'));
  const html = await readFile(out.html, 'utf8');
  assert.match(html, /1 image is filed under both labels/);
  assert.match(html, /<h2>Filed under both labels \(not counted\)<\/h2><ul><li>[^<]*n0\.png = [^<]*mislabel-dup\.png<\/li>/);
  assert.match(html, /1 image is a byte-identical copy of others: one copy counts/);
  assert.deepEqual(JSON.parse(await readFile(out.json, 'utf8')).conflicts, r.conflicts);
});

test('images the app holds back are counted, listed, and the figures on the rest are given beside', async () => {
  const root = await tempDir('alveo-eval-held-');
  const data = join(root, 'data');
  for (let i = 0; i < 4; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 96, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 96, 10 + i, true);
  }
  // A flat picture and a DICOM that is no chest radiograph: the guardrails hold both back.
  const flat = await uniformPng(join(data, 'NORMAL', 'flat.png'));
  const dcm = await writeChestDicom(join(data, 'PNEUMONIA', 'noage.dcm'), { PatientID: 'X' }, 3);
  const { tf, loaded } = await smallModel(root);
  const r = await evaluateModel(tf, loaded, { data }, { backend: 'wasm' });
  assert.equal(r.n, 10, 'held-back images are counted in the figures on all images');
  assert.deepEqual(r.heldBack?.map((h) => h.file).sort(), [flat, dcm].sort());
  assert.match(r.heldBack?.find((h) => h.file === flat)?.warnings.join(' ') ?? '', /nearly uniform/);
  assert.ok(r.warnings?.includes('2 of the 10 images carry intended-use warnings (the app holds them back); the figures count them, and are also given for the 8 the app would answer'), JSON.stringify(r.warnings));
  const a = r.answered;
  assert.ok(a, 'figures on the images the app would answer');
  assert.equal(a.n, 8);
  assert.deepEqual(a.images, { NORMAL: 4, PNEUMONIA: 4 });
  const held = new Set(r.heldBack?.map((h) => h.file));
  const kept = r.topLosses.length === r.n ? r.topLosses.filter((s) => !held.has(s.file)) : [];
  assert.equal(kept.length, 8, 'topK covers every image here');
  const m = metricsAt(kept.map((s) => s.probability), kept.map((s) => (s.label === 'PNEUMONIA' ? 1 : 0)), r.threshold);
  assert.deepEqual(a.confusion, m.confusion);
  assert.ok(Math.abs(a.auc - m.auc) < 1e-9 && Math.abs(a.sensitivity - m.sensitivity) < 1e-9 && Math.abs(a.specificity - m.specificity) < 1e-9);
  assert.equal(a.intervals?.patients, 8);
  const html = await readFile((await writeEvaluationReport(r, join(root, 'report'))).html, 'utf8');
  assert.match(html, /<h2>Images the app would answer<\/h2>\s*<p>2 images of 10 are held back in the app/);
  assert.match(html, /The 8 the app would answer \(4 NORMAL, 4 PNEUMONIA\)/);
  assert.match(html, /<h2>Held back by the app \(counted above\)<\/h2><ul><li>[^<]*flat\.png \(NORMAL, model score [\d.]+\): The image is nearly uniform/);
});

test('the report shows near-1 values as "> 0.999", wraps long names and says one file in the singular', async () => {
  const root = await tempDir('alveo-eval-html-');
  const data = join(root, 'data');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 96, i, false);
    await writeImage(join(data, 'PNEUMONIA', `person485_bacteria_2049_a_long_name_${i}.png`), 'png', 96, 10 + i, true);
  }
  await writeFile(join(data, 'NORMAL', 'broken.jpeg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  await writeFile(join(data, 'NORMAL', 'notes.txt'), 'not an image');
  const { tf, loaded } = await smallModel(root);
  const r = await evaluateModel(tf, loaded, { data, topK: 6 }, { backend: 'wasm' });
  assert.equal(r.failed.length, 1);
  assert.equal(r.dataset.skipped, 1);
  const html = await readFile((await writeEvaluationReport({ ...r, auc: 0.9997 }, join(root, 'report'))).html, 'utf8');
  assert.match(html, /<tr><th>ROC-AUC<\/th><td>&gt; 0\.999/);
  assert.ok(!html.includes('1 labelled files') && !html.includes('1 files were'), 'singular for one file');
  assert.match(html, /1 labelled file could not be read or decoded and is not counted\. 1 file was skipped/);
  // Each caption's name wraps inside its tile and carries the full path.
  assert.match(html, /\.gallery \.name\{display:block;overflow-wrap:anywhere\}/);
  assert.match(html, new RegExp(`<b class="name" title="${join(data, 'PNEUMONIA', 'person485_bacteria_2049_a_long_name_0.png').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}">`));
  const exact = await readFile((await writeEvaluationReport({ ...r, auc: 1 }, join(root, 'report1'))).html, 'utf8');
  assert.match(exact, /<tr><th>ROC-AUC<\/th><td>1\.000/);
});
