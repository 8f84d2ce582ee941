// A simulated new site for measuring calibration and adaptation honestly. The shipped model's
// validation patients (tests/fixtures/default-model-pytorch-validation.json) were never trained
// on. Their images, passed through a consistent simulated acquisition shift (another detector and
// vendor processing, below), stand in for a site the model has not seen. They are split by patient
// into a site set (the site's own labelled images) and a reading set (images read later).
// This is a SIMULATION: same hospital, same period, a synthetic shift; not a second real cohort.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeForModel } from '../../../../src-main/engine/training/image-loader';
import { seededRandom, shuffle } from '../../../../src-main/engine/training/seeded-random';
import { KERMANY_TRAIN } from './kermany-subset';
import { pytorchValidation } from '../../inference/support/pytorch-validation';

const VALIDATION_FIXTURE = 'tests/fixtures/default-model-pytorch-validation.json';

export interface CohortImage {
  file: string;
  label: 0 | 1;
  patient: string;
}

/** The engine's and train_default.py's patient id: person123, IM-0001, NORMAL2-IM-0123. */
function patientId(name: string): string {
  const stem = name.replace(/\.[^.]+$/, '');
  let m = /^(person\d+)_/i.exec(stem);
  if (m) return m[1].toLowerCase();
  m = /^(NORMAL2-IM-\d+)(-\d+)+$/i.exec(stem);
  if (m) return m[1].toUpperCase();
  m = /^(IM-\d+)(-\d+)+$/i.exec(stem);
  if (m) return m[1].toUpperCase();
  return stem;
}

/**
 * The shipped model's validation images: the files of tests/fixtures/default-model-pytorch-validation.json
 * (written from the training run's validation predictions by training/build-default-model.sh), in
 * kermany-224/train, sorted by class and name.
 */
export async function defaultValidationImages(root = KERMANY_TRAIN): Promise<CohortImage[]> {
  const listed = pytorchValidation();
  const labelOf = new Map(listed.map((d) => [d.file, d.label]));
  const items: CohortImage[] = [];
  for (const cls of ['NORMAL', 'PNEUMONIA']) {
    for (const f of (await readdir(join(root, cls))).sort()) {
      const label = labelOf.get(f);
      if (label === undefined) continue;
      if (label !== (cls === 'PNEUMONIA' ? 1 : 0)) throw new Error(`${f}: labelled ${label} in ${VALIDATION_FIXTURE}, but it is in ${cls}`);
      items.push({ file: join(root, cls, f), label, patient: patientId(f) });
    }
  }
  if (items.length !== listed.length) throw new Error(`${listed.length - items.length} of the validation images in ${VALIDATION_FIXTURE} are not in ${root}`);
  return items;
}

/**
 * The simulated acquisition shift (SHIFT below), applied to the 8-bit image the model sees (224 px)
 * in this order: 1. resampling down to `resample` px and back up (bilinear), a coarser detector
 * pitch; 2. vendor edge enhancement, v + unsharp (v - gaussian_blur_sigma3(v)); 3. detector
 * response, v = 255 (v / 255)^gamma, then contrast about 128 and an offset (a washed-out, brighter
 * rendering); 4. quantum noise, gaussian with sigma `noise` grey levels (seeded per image); clamped
 * to 0-255 and written as lossless PNG. Chosen after trying each step alone on 90 validation images:
 * the model shrugged off resampling to 96 px, noise 12, edge enhancement 3 and a 12% border (AUC
 * >= 0.998, specificity >= 0.98), but a washed-out tone curve (gamma 0.5, contrast 0.7, +20)
 * flagged 80% of the normals (specificity 0.20, AUC 0.979), much like the official test split.
 */
export const SHIFT_DESCRIPTION =
  'resample 224->160->224 px (bilinear); unsharp mask amount 0.5, sigma 3; gamma 0.5; contrast 0.7x about 128, offset +20 grey levels; gaussian noise sigma 4 grey levels; lossless PNG';

export interface Shift {
  unsharp: number;
  gamma: number;
  contrast: number;
  offset: number;
  noise: number;
  /** Intermediate size of the resampling step (224: none). */
  resample: number;
  /** Black border on each side, as a fraction of the side (a wider field of view / collimation). */
  pad: number;
}

export const SHIFT: Shift = { pad: 0, resample: 160, unsharp: 0.5, gamma: 0.5, contrast: 0.7, offset: 20, noise: 4 };

/**
 * A harsher site: far more washed out (gamma and contrast beyond the default model's intensity
 * augmentation of gamma exp(±0.7), contrast ±0.35), with a 10% black collimation border. The default
 * model shipped 2026-12-01 (s8-wide, wider intensity augmentation) holds up on SHIFT and on the
 * previous harsh site (gamma 0.4, contrast 0.65, +30, 6% border: specificity 0.83 on 30 reading
 * normals) but not here (specificity 0.20, sensitivity 1.0): the site for showing that adaptation
 * repairs what the parent gets wrong.
 */
export const HARSH_SHIFT: Shift = { ...SHIFT, gamma: 0.3, contrast: 0.5, offset: 50, pad: 0.1 };

export async function shiftImage(file: string, seed: number, shift: Shift = SHIFT): Promise<Buffer> {
  const S = 224;
  // Starts from exactly the 8-bit image the model sees (the app's decode), not another decoder's gray.
  let gray: Uint8Array = await decodeForModel(file, S);
  const border = Math.round(S * shift.pad);
  if (border > 0) {
    gray = await sharp(gray, { raw: { width: S, height: S, channels: 1 } })
      .resize(S - 2 * border, S - 2 * border, { fit: 'fill', kernel: 'linear' })
      .extend({ top: border, bottom: border, left: border, right: border, background: { r: 0, g: 0, b: 0 } })
      .extractChannel(0)
      .raw()
      .toBuffer();
  }
  const small = await sharp(gray, { raw: { width: S, height: S, channels: 1 } }).resize(shift.resample, shift.resample, { fit: 'fill', kernel: 'linear' }).extractChannel(0).raw().toBuffer();
  const base = await sharp(small, { raw: { width: shift.resample, height: shift.resample, channels: 1 } }).resize(S, S, { fit: 'fill', kernel: 'linear' }).extractChannel(0).raw().toBuffer();
  const blurred = await sharp(base, { raw: { width: S, height: S, channels: 1 } }).blur(3).extractChannel(0).raw().toBuffer();
  const random = seededRandom(seed);
  const out = Buffer.alloc(S * S);
  for (let i = 0; i < S * S; i++) {
    let v = base[i] + shift.unsharp * (base[i] - blurred[i]);
    v = Math.min(255, Math.max(0, v));
    v = 255 * (v / 255) ** shift.gamma;
    v = shift.contrast * (v - 128) + 128 + shift.offset;
    // Box-Muller
    const u1 = Math.max(1e-12, random());
    const u2 = random();
    v += shift.noise * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    out[i] = Math.min(255, Math.max(0, Math.round(v)));
  }
  return sharp(out, { raw: { width: S, height: S, channels: 1 } }).png().toBuffer();
}

export interface ShiftedCohort {
  /** Class folders of the site's labelled images. */
  site: string;
  /** Class folders of the reading set (other patients). */
  reading: string;
  siteImages: CohortImage[];
  readingImages: CohortImage[];
}

/**
 * Writes the shifted cohort under `dir` (site/ and reading/, each with NORMAL/ and PNEUMONIA/),
 * splitting patients at random (seed) into a site share and the rest. `perClass` caps the images
 * per class in each part (small test runs); file names keep their patient.
 */
export async function writeShiftedCohort(
  dir: string,
  opts: { siteShare?: number; seed?: number; sitePerClass?: number; readingPerClass?: number; shift?: Shift } = {},
): Promise<ShiftedCohort> {
  const images = await defaultValidationImages();
  const patients = [...new Set(images.map((it) => it.patient))].sort();
  shuffle(patients, seededRandom(opts.seed ?? 2026));
  const siteCount = Math.round(patients.length * (opts.siteShare ?? 0.5));
  const sitePatients = new Set(patients.slice(0, siteCount));
  const cap = (list: CohortImage[], perClass: number | undefined) =>
    perClass === undefined ? list : [...list.filter((it) => it.label === 0).slice(0, perClass), ...list.filter((it) => it.label === 1).slice(0, perClass)];
  const siteImages = cap(images.filter((it) => sitePatients.has(it.patient)), opts.sitePerClass);
  const readingImages = cap(images.filter((it) => !sitePatients.has(it.patient)), opts.readingPerClass);
  const write = async (part: string, list: CohortImage[]) => {
    for (const cls of ['NORMAL', 'PNEUMONIA']) await mkdir(join(dir, part, cls), { recursive: true });
    let k = 0;
    for (const it of list) {
      const name = it.file.split('/').pop()!.replace(/\.[^.]+$/, '.png');
      await writeFile(join(dir, part, it.label ? 'PNEUMONIA' : 'NORMAL', name), await shiftImage(it.file, 1000 + k++, opts.shift));
    }
  };
  await write('site', siteImages);
  await write('reading', readingImages);
  return { site: join(dir, 'site'), reading: join(dir, 'reading'), siteImages, readingImages };
}
