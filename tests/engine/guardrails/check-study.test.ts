// Guardrails on DICOMs the test writes with edited attributes, on pictures it draws, and on the
// real radiographs in ../shared/data (which must trigger none).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { checkStudy, pixelGuardrails, policyNotes } from '../../../src-main/engine/guardrails/check-study';
import { patientAgeYears } from '../../../src-main/api/patient-age';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import type { ModelCard } from '../../../src-main/api/model-card';
import type { SitePolicy } from '../../../src-main/api/site-policy';
import { chestPhantom, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { DICOM_DIR, KERMANY_ORIG, REPO_ROOT, skipUnless } from '../studies/shared-data';

const card = {
  inputSize: 224,
  population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'pediatric frontal chest radiographs' },
} as unknown as ModelCard;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-guard-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FRONTAL_CHILD = { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA', PatientAge: '003Y' };
let n = 0;
async function codesFor(attributes: Record<string, string>, extra: Partial<DicomSpec> = {}, useCard = card, policy?: SitePolicy): Promise<string[]> {
  const rows = extra.rows ?? 256;
  const columns = extra.columns ?? 256;
  const frames = extra.frames ?? 1;
  const one = chestPhantom(rows, columns, 200, 3800);
  const spec: DicomSpec = { rows, columns, bitsStored: 12, pixels: Array.from({ length: frames }, () => one).flat(), attributes, ...extra };
  const study = await loadStudy(await writeDicom(join(dir, `g${++n}.dcm`), spec));
  const found = checkStudy(study, useCard, undefined, policy);
  // Reasons are joined with "; " in the CSV warnings column: none may hold one itself.
  for (const g of found) assert.ok(!g.reason.includes(';') && g.reason.length < 140, g.reason);
  return found.map((g) => g.code);
}

test('a frontal pediatric chest radiograph triggers no guardrail', async () => {
  assert.deepEqual(await codesFor(FRONTAL_CHILD), []);
});

test('each edited attribute triggers exactly its guardrail', async () => {
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, ViewPosition: 'LL' }), ['view']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, ViewPosition: 'LATERAL' }), ['view']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, ViewPosition: 'AP' }), []);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, BodyPartExamined: 'KNEE' }), ['body-part']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, Modality: 'MR' }), ['modality']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, PatientAge: '018Y' }), ['age']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, PatientAge: '005Y' }), [], 'ages 1-5 include a 5-year-old');
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, PatientAge: '045Y' }), ['age']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, PatientAge: '006M' }), ['age']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, Modality: 'CT' }), ['modality']);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, BodyPartExamined: 'ABDOMEN' }), ['body-part']);
  assert.deepEqual(await codesFor(FRONTAL_CHILD, { rows: 80, columns: 90 }), ['small-image']);
  assert.deepEqual(await codesFor(FRONTAL_CHILD, { frames: 3 }), ['multi-frame']);
});

test("the age rule's edges, from the shipped model's card: the first age past either end is flagged", async () => {
  const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'default', 'card.json'), 'utf8')) as ModelCard;
  const range = shipped.population?.ageYears;
  assert.ok(range, 'the shipped card states an age range');
  const [lo, hi] = range;
  const age = (n: number, unit: 'Y' | 'M') => String(n).padStart(3, '0') + unit;
  const codes = (a: string) => codesFor({ ...FRONTAL_CHILD, PatientAge: a }, {}, shipped);
  assert.deepEqual(await codes(age(hi, 'Y')), [], `${hi} years is inside ${lo}-${hi}`);
  assert.deepEqual(await codes(age(hi * 12 + 11, 'M')), [], `${hi} years 11 months is still ${hi} whole years`);
  assert.deepEqual(await codes(age(hi + 1, 'Y')), ['age'], `${hi + 1} years is past ${lo}-${hi}`);
  assert.deepEqual(await codes(age((hi + 1) * 12, 'M')), ['age'], `${(hi + 1) * 12} months is ${hi + 1} years`);
  assert.deepEqual(await codes(age(lo, 'Y')), [], `${lo} years is inside ${lo}-${hi}`);
  assert.deepEqual(await codes(age(lo * 12, 'M')), [], `${lo * 12} months is ${lo} years`);
  assert.deepEqual(await codes(age(lo * 12 - 1, 'M')), ['age'], `${lo * 12 - 1} months is under ${lo} years`);
});

test('a DICOM that records no usable age is flagged; the dates, when present, give the age', async () => {
  const { PatientAge: _age, ...noAge } = FRONTAL_CHILD;
  assert.deepEqual(await codesFor(noAge), ['age-unknown']);
  assert.deepEqual(await codesFor({ ...noAge, PatientAge: 'unknown' }), ['age-unknown']);
  assert.deepEqual(await codesFor({ ...noAge, PatientBirthDate: '20200115', StudyDate: '20230116' }), [], 'three years old by the dates');
  const anyAge = { ...card, population: { description: 'no age range stated' } } as unknown as ModelCard;
  assert.deepEqual(await codesFor(noAge, {}, anyAge), [], 'a card without an age range asks for none');
});

test('a site that images only children reads DICOMs without an age; a recorded adult age is still flagged', async () => {
  const { PatientAge: _age, ...noAge } = FRONTAL_CHILD;
  const children: SitePolicy = { ageUnknown: 'read-as-child' };
  assert.deepEqual(await codesFor(noAge, {}, card, { ageUnknown: 'hold-back' }), ['age-unknown']);
  assert.deepEqual(await codesFor(noAge, {}, card, children), []);
  assert.deepEqual(await codesFor({ ...noAge, PatientAge: 'unknown' }, {}, card, children), []);
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, PatientAge: '045Y' }, {}, card, children), ['age'], 'the policy speaks only of missing ages');
  assert.deepEqual(await codesFor({ ...noAge, ViewPosition: 'LL' }, {}, card, children), ['view'], 'other guardrails stand');
});

test('an answer given only because the site reads age-less DICOMs as children says so (a note, not a hold-back)', async () => {
  const { PatientAge: _age, ...noAge } = FRONTAL_CHILD;
  const children: SitePolicy = { ageUnknown: 'read-as-child' };
  const study = async (attributes: Record<string, string>) => loadStudy(await writeDicom(join(dir, `p${++n}.dcm`), { rows: 64, columns: 64, bitsStored: 12, pixels: chestPhantom(64, 64, 200, 3800), attributes }));
  const ageless = await study(noAge);
  assert.deepEqual(policyNotes(ageless, card, children), [`The file records no usable age: read as a child's (1-5 years), as this site's policy says (Models tab, "This site").`]);
  assert.deepEqual(policyNotes(ageless, card, { ageUnknown: 'hold-back' }), [], 'held back instead: nothing to note');
  assert.deepEqual(policyNotes(await study(FRONTAL_CHILD), card, children), [], 'its age is recorded: the policy played no part');
  const anyAge = { ...card, population: { description: 'no age range stated' } } as unknown as ModelCard;
  assert.deepEqual(policyNotes(ageless, anyAge, children), [], 'a card without an age range asks for none');
});

test('the age rule reads the card: a model trained on adults accepts a 45-year-old', async () => {
  const adults = { ...card, population: { ageYears: [18, 90], description: 'adults' } } as unknown as ModelCard;
  assert.deepEqual(await codesFor({ ...FRONTAL_CHILD, PatientAge: '045Y' }, {}, adults), []);
  assert.deepEqual(await codesFor(FRONTAL_CHILD, {}, adults), ['age']);
});

test('age comes from PatientAge, else birth date and study date', () => {
  assert.equal(patientAgeYears({ PatientAge: '004Y' }), 4);
  assert.equal(patientAgeYears({ PatientAge: '018M' }), 1.5);
  assert.ok(Math.abs(patientAgeYears({ PatientBirthDate: '20200115', StudyDate: '20230116' })! - 3) < 0.01);
  assert.equal(patientAgeYears({ PatientAge: 'unknown' }), undefined);
});

test('colour images are flagged', async () => {
  const px: number[] = [];
  for (const v of chestPhantom(256, 256, 0, 255)) px.push(v, Math.max(0, v - 60), 40);
  const study = await loadStudy(await writeDicom(join(dir, 'rgb.dcm'), { rows: 256, columns: 256, bitsAllocated: 8, samplesPerPixel: 3, pixels: px, attributes: FRONTAL_CHILD }));
  assert.deepEqual(checkStudy(study, card).map((g) => g.code), ['colour']);
});

async function drawn(name: string, raw: Uint8Array, size = 256): Promise<string[]> {
  const path = join(dir, `${name}.png`);
  await sharp(raw, { raw: { width: size, height: size, channels: 1 } }).png().toFile(path);
  const found = pixelGuardrails(await loadStudy(path));
  for (const g of found) assert.ok(!g.reason.includes(';'), g.reason);
  return found.map((g) => g.code);
}

test('pictures that are not chest radiographs are flagged from their pixels', async () => {
  const N = 256 * 256;
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  assert.deepEqual(await drawn('uniform', new Uint8Array(N).fill(140)), ['uniform']);
  assert.deepEqual(await drawn('noise', Uint8Array.from({ length: N }, () => Math.floor(rnd() * 256))), ['not-chest-radiograph']);
  assert.deepEqual(await drawn('gradient', Uint8Array.from({ length: N }, (_, i) => i % 256)), ['not-chest-radiograph']);
  const checker = Uint8Array.from({ length: N }, (_, i) => ((Math.floor(i / 256 / 16) + Math.floor((i % 256) / 16)) % 2 ? 230 : 20));
  assert.deepEqual(await drawn('checker', checker), ['not-chest-radiograph']);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="100%" height="100%" fill="white"/>${Array.from(
    { length: 14 },
    (_, i) => `<rect x="12" y="${14 + i * 17}" width="${120 + ((i * 37) % 110)}" height="7" fill="black"/><rect x="${60 + ((i * 13) % 40)}" y="${14 + i * 17}" width="4" height="7" fill="white"/>`,
  ).join('')}</svg>`;
  const doc = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer();
  assert.deepEqual(await drawn('document', new Uint8Array(doc.buffer, doc.byteOffset, N)), ['not-chest-radiograph']);
  // Smooth drawn pictures: no fine structure, and a bright middle over a dark bottom.
  assert.deepEqual(await drawn('vertical-gradient', Uint8Array.from({ length: N }, (_, i) => Math.floor(i / 256))), ['not-chest-radiograph']);
  const radial = Uint8Array.from({ length: N }, (_, i) => 255 - Math.min(255, Math.round(Math.hypot((i % 256) - 128, Math.floor(i / 256) - 128) * 1.6)));
  assert.deepEqual(await drawn('radial', radial), ['not-chest-radiograph']);
  // A diagram: grey boxes on a white page (white alone is decisive).
  const diagram = Uint8Array.from({ length: N }, (_, i) => ((i % 256) > 40 && (i % 256) < 90 && Math.floor(i / 256) % 64 < 30 ? 120 : 255));
  assert.deepEqual(await drawn('diagram', diagram), ['not-chest-radiograph']);
  const chest = Uint8Array.from(chestPhantom(256, 256, 10, 240));
  assert.deepEqual(await drawn('chest', chest), []);
  assert.deepEqual(await drawn('inverted', chest.map((v) => 255 - v)), ['inverted']);
});

test('real pediatric radiographs (Kermany JPEGs) trigger no guardrail at all', { skip: skipUnless(KERMANY_ORIG) }, async () => {
  // All of val and every 25th of train (the bench runs all 1607: bench/guardrails.bench.ts).
  let checked = 0;
  for (const split of ['val', 'train']) {
    for (const cls of ['NORMAL', 'PNEUMONIA']) {
      const folder = join(KERMANY_ORIG, split, cls);
      const names = (await readdir(folder)).filter((f) => f.endsWith('.jpeg')).sort();
      for (const name of split === 'val' ? names : names.filter((_, i) => i % 25 === 0)) {
        assert.deepEqual(checkStudy(await loadStudy(join(folder, name)), card), [], name);
        checked++;
      }
    }
  }
  assert.ok(checked > 70, `${checked} radiographs checked`);
});

test('real DICOM radiographs: only the guardrails their headers call for', { skip: skipUnless(DICOM_DIR) }, async () => {
  const fake = await loadStudy(join(DICOM_DIR, 'native/Fake_MONOHR1_cr_chest_jpeg_baseline_mono1.dcm'));
  assert.equal(fake.attributes.PatientAge, '62'); // no unit: read as years
  assert.deepEqual(checkStudy(fake, card).map((g) => g.code), ['age', 'polarity-corrected']);
  const dx = await loadStudy(join(DICOM_DIR, 'small/dx12_mono1_512_explicitLE.dcm'));
  assert.deepEqual(pixelGuardrails(dx), []);
  // Its birth date is an anonymiser's hash and it has no PatientAge: an adult's film, flagged for that.
  assert.deepEqual(checkStudy(dx, card).map((g) => g.code), ['age-unknown']);
});
