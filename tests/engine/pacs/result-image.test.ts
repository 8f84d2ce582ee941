// The Secondary Capture's burned-in banner: a PACS viewer shows the capture without the app's
// caveats, so an answer the app holds back (intended-use warnings) says so on the picture, in amber,
// as "AI answer held back: <reasons>", and states no label (never NORMAL or PNEUMONIA) for it; the
// banner names the model by its card name; the warning wraps onto more rows rather than shrinking
// out of sight. Real predictions of the shipped model on DICOMs written here (an adult lateral, a
// child PA).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import type { ResultFacts } from '../../../src-main/engine/pacs/result-facts';
import { bannerLines, resultImage, type ResultImage } from '../../../src-main/engine/pacs/result-image';
import { resultFacts, writeDicomResults } from '../../../src-main/engine/pacs/write-dicom-results';
import type { Study } from '../../../src-main/engine/studies/study';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { KERMANY_ORIG, skipUnless } from '../studies/shared-data';
import { writeDicomFile } from '../../../src-main/engine/pacs/dicom-file';
import { percent } from '../../../src-main/engine/pacs/result-facts';
import { secondaryCapture } from '../../../src-main/engine/pacs/secondary-capture';
import { writeGradCamPng } from '../../../src-main/engine/inference/grad-cam-png';
import { sourceInstance } from '../../../src-main/engine/pacs/source-attributes';
import { dciodvfyErrors, dicomToolsMissing, dsrdump } from './support/dicom-tools';

const run = promisify(execFile);
/** Every line dciodvfy prints (warnings too), and dcmdump's whole listing. */
async function dciodvfyLines(file: string): Promise<string[]> {
  const r = await run('dciodvfy', [file]).catch((e: { stdout?: string; stderr?: string }) => e);
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n');
}
/** The capture's ImageComments, read whole (dcmdump shortens long values). */
async function commentsOf(file: string): Promise<string> {
  const buf = await readFile(file);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
  return String(ds.ImageComments);
}
const dcmdumpAll = async (file: string) => (await run('dcmdump', [file])).stdout;

let dir: string;
let engine: Engine;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-result-image-'));
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A real pediatric film (Kermany validation set, 8-bit grey) as pixels for a DICOM. */
const KERMANY_VAL = join(KERMANY_ORIG, 'val', 'PNEUMONIA');
async function kermanyPixels(): Promise<{ rows: number; columns: number; pixels: Uint8Array }> {
  const name = (await readdir(KERMANY_VAL)).filter((n) => n.endsWith('.jpeg')).sort()[0];
  const { data, info } = await sharp(join(KERMANY_VAL, name)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { rows: info.height, columns: info.width, pixels: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

async function predicted(name: string, size: number | 'kermany', attributes: Record<string, string>): Promise<{ study: Study; heat: Float32Array; facts: ResultFacts }> {
  const image = size === 'kermany' ? { ...(await kermanyPixels()), bitsStored: 8, bitsAllocated: 8 as const } : { rows: size, columns: size, pixels: chestPhantom(size, size, 100, 3000), bitsStored: 12 };
  const file = await writeDicom(join(dir, name), {
    ...image,
    attributes: { StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.93.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.93.2', Modality: 'CR', ...attributes },
  });
  const { studyId } = await engine.openStudy(file);
  try {
    const p = await engine.predict(studyId);
    const cam = await engine.gradCam(studyId);
    const facts = await resultFacts(p, await engine.loadModel(), (await engine.runtime()).runtime.engine, '0.0.0-test');
    return { study: engine.study(studyId), heat: cam.heat, facts };
  } finally {
    await engine.closeStudy(studyId);
  }
}

/** Amber text pixels (the warning's colour) in the banner, above the image. */
function amberInBanner(image: ResultImage): number {
  let n = 0;
  for (let i = 0; i < image.imageTop * image.columns; i++) {
    const [r, g, b] = [image.rgb[3 * i], image.rgb[3 * i + 1], image.rgb[3 * i + 2]];
    if (r > 180 && g > 120 && g < 230 && b < 90) n++;
  }
  return n;
}

/** A label, or a probability or certainty claim: what a held-back capture must never state. */
const LABEL_WORDS = /NORMAL|PNEUMONIA|suspected|Present|Absent|probability|certainty/i;

test('an adult lateral: the banner says AI answer held back with short reasons, in amber, and no label; the capture comments say it too', { skip: dicomToolsMissing() }, async () => {
  const { study, heat, facts } = await predicted('adult-lateral.dcm', 512, { PatientAge: '064Y', ViewPosition: 'LL', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.93.3' });
  assert.ok(facts.warnings.some((w) => /64 years/.test(w)) && facts.warnings.some((w) => /lateral/.test(w)), facts.warnings.join(' | '));
  const lines = bannerLines(facts);
  assert.equal(lines.length, 3);
  const warning = lines[1];
  assert.equal(warning.style, 'warning');
  assert.match(warning.text, /^AI answer held back: .+; .+ — outside the model's intended use$/);
  for (const reason of ['the patient is 64 years old', 'this is a lateral view']) assert.ok(warning.text.includes(reason), `${reason} in: ${warning.text}`);
  assert.ok(!/trained on ages|\(LL\)/.test(warning.text), `reasons are kept short: ${warning.text}`);
  assert.match(lines[2].text, /^model score \d+\.\d\d% \(does not apply here\) · model Alveo default — ResNet18, Kermany pediatric CXR \(default\)$/, 'the score as a model score, the model by its card name');
  for (const l of lines) assert.doesNotMatch(l.text, LABEL_WORDS, `no label for a held-back answer: ${l.text}`);
  assert.deepEqual(
    bannerLines(facts, { showHeldBackScore: false }).map((l) => l.text),
    [lines[0].text, lines[1].text, 'model Alveo default — ResNet18, Kermany pediatric CXR (default)'],
    'without the score, only the model',
  );

  const withWarning = await resultImage(study, heat, facts);
  const without = await resultImage(study, heat, { ...facts, warnings: [] });
  assert.ok(amberInBanner(withWarning) > 300, `the warning is burned in (${amberInBanner(withWarning)} amber pixels)`);
  assert.equal(amberInBanner(without), 0, 'no amber without warnings');
  assert.ok(withWarning.imageTop > without.imageTop, 'the banner grew a row for the warning');

  const out = await writeDicomResults(study, heat, facts, join(dir, 'out'));
  const buf = await readFile(out.sc.file);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
  const comments = String(ds.ImageComments);
  assert.match(comments, /AI answer held back: .*the patient is 64 years old/);
  assert.match(comments, /model score \d+\.\d\d% does not apply here/);
  assert.match(comments, /Model Alveo default — ResNet18, Kermany pediatric CXR \(default\)/);
  assert.doesNotMatch(comments, LABEL_WORDS, comments);
  assert.deepEqual(await dciodvfyErrors(out.sc.file), [], 'still a valid capture');
  assert.equal(ds.Rows, withWarning.rows, 'the written capture is the warned picture');
});

test('a 15-year-old frontal film: held back (age), the capture states no label, while the SR codes it Undetermined', { skip: dicomToolsMissing() }, async () => {
  const { study, heat, facts } = await predicted('teen-pa.dcm', 512, { PatientAge: '015Y', ViewPosition: 'PA', BodyPartExamined: 'CHEST', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.93.5' });
  assert.ok(facts.warnings.some((w) => /15 years old/.test(w)), facts.warnings.join(' | '));
  const lines = bannerLines(facts);
  assert.match(lines[1].text, /^AI answer held back: the patient is 15 years old/);
  for (const l of lines) assert.doesNotMatch(l.text, LABEL_WORDS, l.text);
  const out = await writeDicomResults(study, heat, facts, join(dir, 'teen-out'));
  assert.doesNotMatch(await commentsOf(out.sc.file), LABEL_WORDS, 'ImageComments');
  const sr = await dsrdump(out.sr.file);
  assert.ok(sr.includes('(373068000,SCT,"Undetermined")'), sr);
});

test('an answer the app shows: the banner and comments use its words (pneumonia suspected or not, model score), never NORMAL or probability', { skip: dicomToolsMissing() || skipUnless(KERMANY_VAL) }, async () => {
  const { study, heat, facts } = await predicted('child-pa.dcm', 'kermany', { PatientAge: '003Y', ViewPosition: 'PA', BodyPartExamined: 'CHEST', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.93.6' });
  assert.deepEqual(facts.warnings, [], 'a frontal chest film of a 3-year-old is in range');
  for (const label of ['PNEUMONIA', 'NORMAL'] as const) {
    const f = { ...facts, label };
    const words = label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected';
    const lines = bannerLines(f);
    assert.equal(lines.length, 2);
    assert.equal(lines[1].text, `AI reading: ${words} at threshold ${percent(f.threshold)}% · model score ${percent(f.probability)}% · model Alveo default — ResNet18, Kermany pediatric CXR (default)`);
    assert.doesNotMatch(lines.map((l) => l.text).join(' '), /NORMAL|PNEUMONIA|Present|Absent|probability|certainty/);
  }
  const out = await writeDicomResults(study, heat, facts, join(dir, 'child-out'));
  const comments = await commentsOf(out.sc.file);
  const words = facts.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected';
  assert.ok(comments.includes(`AI reading: ${words} at threshold ${percent(facts.threshold)}%. Model score ${percent(facts.probability)}%: the model's score, not the chance that this patient has pneumonia.`), comments);
  assert.doesNotMatch(comments, /NORMAL|PNEUMONIA|probability/, comments);
  assert.deepEqual(await dciodvfyErrors(out.sc.file), []);
});

test('Laterality: absent for a chest (dciodvfy silent on it), even one marked L; R or L when the source has one and the part is not unpaired; empty only when nothing is known', { skip: dicomToolsMissing() }, async () => {
  const { study, heat, facts } = await predicted('child-pa-lat.dcm', 256, { PatientAge: '003Y', ViewPosition: 'PA', BodyPartExamined: 'CHEST', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.93.7' });
  const image = await resultImage(study, heat, facts);
  const source = sourceInstance(study);
  const write = async (name: string, laterality: string, bodyPartExamined?: string) => {
    const file = join(dir, name);
    const ds = secondaryCapture({ source: { ...source, laterality }, facts, image, seriesInstanceUid: '2.25.71', sopInstanceUid: `2.25.72${name.length}`, bodyPartExamined });
    await writeDicomFile(file, ds);
    return { file, dump: await dcmdumpAll(file), said: (await dciodvfyLines(file)).filter((l) => /Laterality/i.test(l)) };
  };
  const chest = await write('sc-chest.dcm', '', study.attributes.BodyPartExamined);
  assert.doesNotMatch(chest.dump, /\(0020,0060\)/, 'no Laterality element for a chest');
  assert.match(chest.dump, /\(0018,0015\) CS \[CHEST\]/, 'the body part is named, so a reader knows it is unpaired');
  assert.deepEqual(chest.said, [], 'dciodvfy says nothing of Laterality');
  assert.deepEqual(await dciodvfyErrors(chest.file), []);
  // A chest film marked L (real archives hold such): the part is unpaired, so no Laterality (an error there).
  const markedChest = await write('sc-left-chest.dcm', 'L', 'CHEST');
  assert.doesNotMatch(markedChest.dump, /\(0020,0060\)/);
  assert.deepEqual(await dciodvfyErrors(markedChest.file), []);
  const left = await write('sc-left.dcm', 'L');
  assert.match(left.dump, /\(0020,0060\) CS \[L\]/);
  assert.deepEqual(await dciodvfyErrors(left.file), []);
  const unknown = await write('sc-unknown.dcm', '');
  assert.match(unknown.dump, /\(0020,0060\) CS (\(no value available\)|\[\])/, 'no body part: empty (unknown), which dciodvfy requires');
  assert.deepEqual(await dciodvfyErrors(unknown.file), []);
});

test('a small image: a long warning wraps onto several rows at a readable size instead of running off the edge', async () => {
  const { study, heat, facts } = await predicted('small-adult.dcm', 256, { PatientAge: '045Y', ViewPosition: 'PA', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.93.4' });
  const many = { ...facts, warnings: [...facts.warnings, 'The image is unlike the images this model was trained on (its features are far from theirs): the probability may not apply.', 'The body part is ABDOMEN, not the chest.'] };
  const image = await resultImage(study, heat, many);
  const plain = await resultImage(study, heat, { ...facts, warnings: [] });
  // Three or more extra rows of text at >= 8 px each, instead of one row far wider than the image.
  assert.ok(image.imageTop >= plain.imageTop + 3 * 8, `banner ${plain.imageTop} -> ${image.imageTop} rows`);
  // Amber reaches the lower rows of the banner: the wrapped warning is all inside the picture.
  assert.ok(amberInBanner(image) > 200);
  let lowestAmber = 0;
  for (let y = 0; y < image.imageTop; y++) {
    for (let x = 0; x < image.columns; x++) {
      const i = y * image.columns + x;
      if (image.rgb[3 * i] > 180 && image.rgb[3 * i + 1] > 120 && image.rgb[3 * i + 1] < 230 && image.rgb[3 * i + 2] < 90) lowestAmber = y;
    }
  }
  assert.ok(lowestAmber > plain.imageTop, `warning rows below the old banner height (lowest amber row ${lowestAmber})`);
});

test('non-square pixels are made square in the capture and the Grad-CAM and LIME PNGs: the anatomy in proportion (review 43 F1)', async () => {
  // Rows twice as far apart as columns: 96 x 96 pixels show a picture 96 wide and 192 high.
  const { study, heat, facts } = await predicted('tall-pixels.dcm', 96, { PixelSpacing: '0.2\\0.1' });
  const image = await resultImage(study, heat, facts);
  assert.equal(image.rows - image.imageTop, 192, `image rows under the banner: ${image.rows - image.imageTop}`);
  assert.ok(image.barLeft >= 96 && image.barLeft < 96 + 48, `bar right of a 96-column picture: ${image.barLeft}`);
  const png = join(dir, 'tall-gradcam.png');
  await writeGradCamPng(study, heat, png);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.width, meta.height], [96, 192]);
  // Square pixels keep their size.
  const square = await predicted('square-pixels.dcm', 96, { PixelSpacing: '0.1\\0.1' });
  const plain = await resultImage(square.study, square.heat, square.facts);
  assert.equal(plain.rows - plain.imageTop, 96);
});
