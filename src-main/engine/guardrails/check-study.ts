// Intended-use guardrails (issue 7): is this image something the model can judge? Attribute rules
// read the DICOM header; pixel rules measure the display image (radiograph-features). The model
// card says what population the model was trained on, so a model trained on adults changes the
// age rule. Every guardrail carries one plain sentence.
import type { ModelCard } from '../../api/model-card';
import { DEFAULT_SITE_POLICY, type SitePolicy } from '../../api/site-policy';
import type { Study } from '../studies/study';
import { displayPixels } from '../studies/display-pixels';
import { INVERTED_CONTRAST } from '../studies/chest-polarity';
import type { Guardrail } from './guardrail';
import { describeAge, patientAgeYears } from '../../api/patient-age';
import { featuresOf, invertReduced, reduceImage, type RadiographFeatures } from './radiograph-features';

const RADIOGRAPH_MODALITIES = new Set(['CR', 'DX', 'DR']);
const LATERAL_VIEWS = /^(LL|RL|LAT|LATERAL|LLO|RLO|LLD|RLD)$/i;

/**
 * Thresholds measured on the real data (1607 Kermany JPEGs, 39 shared DICOMs; bench/guardrails.bench.ts)
 * against pictures that are not radiographs (drawn: uniform, gradients, noise, checkerboard, a text
 * page, photo-like scenes, inverted radiographs; found: screenshots, diagrams, icons, photos).
 * Radiograph ranges: std 25.9-85.5, spine-lung contrast -2.9-118 (1st pct 16.5), symmetry
 * -0.22-0.96 (1st pct 0.20), white share <= 0.078, busyness 3.7-14.2, fine structure >= 1.47,
 * below-lungs >= -12.8. Every limit sits outside those ranges, so no real radiograph trips one.
 */
export const PIXEL_LIMITS = {
  uniformStd: 10,
  noSpineContrast: 5,
  asymmetric: 0.1,
  documentWhiteShare: 0.3,
  /** More than half the image pure white: a page or a blown-out photo, whatever else it shows. */
  pageWhiteShare: 0.5,
  busy: 18,
  smooth: 3,
  noFineStructure: 1,
  darkBelowLungs: -20,
};

function clues(f: RadiographFeatures): string[] {
  const found: string[] = [];
  if (f.spineLungContrast < PIXEL_LIMITS.noSpineContrast) found.push('no bright spine between darker lungs');
  if (f.symmetry < PIXEL_LIMITS.asymmetric) found.push('not left-right symmetric');
  if (f.whiteShare > PIXEL_LIMITS.documentWhiteShare) found.push('mostly white like a page');
  if (f.busyness > PIXEL_LIMITS.busy) found.push('full of sharp edges like text or noise');
  if (f.busyness < PIXEL_LIMITS.smooth) found.push('too smooth for anatomy');
  if (f.fineStructure < PIXEL_LIMITS.noFineStructure) found.push('no fine structure such as ribs or vessels');
  if (f.belowLungs < PIXEL_LIMITS.darkBelowLungs) found.push('dark below the lung fields');
  return found;
}

/** Looks like a chest radiograph: fewer than two clues against, and not mostly white. */
function radiographLike(f: RadiographFeatures): boolean {
  return clues(f).length < 2 && f.whiteShare <= PIXEL_LIMITS.pageWhiteShare;
}

export function pixelGuardrails(study: Study, display = displayPixels(study)): Guardrail[] {
  const reduced = reduceImage(display, study.rows, study.columns);
  const f = featuresOf(reduced);
  if (f.std < PIXEL_LIMITS.uniformStd) {
    return [{ code: 'uniform', source: 'pixels', reason: 'The image is nearly uniform: there is no anatomy to read.' }];
  }
  const inverted = { code: 'inverted', source: 'pixels', reason: 'The image looks inverted (the spine is darker than the lungs).' } as const;
  // Two independent clues are needed (one alone occurs in real radiographs now and then), except
  // for a mostly white picture, which no radiograph comes near.
  if (!radiographLike(f)) {
    // A radiograph with black and white swapped fails the checks too: say what it is when its
    // negative shows no clue at all (as 1641 of the 1646 real radiographs do).
    if (f.spineLungContrast < INVERTED_CONTRAST && clues(featuresOf(invertReduced(reduced))).length === 0) {
      return [inverted];
    }
    const found = clues(f);
    if (f.whiteShare > PIXEL_LIMITS.pageWhiteShare && !found.includes('mostly white like a page')) found.push('mostly white like a page');
    return [{ code: 'not-chest-radiograph', source: 'pixels', reason: `The image does not look like a chest radiograph (${found.join(', ')}).` }];
  }
  // Otherwise radiograph-like: a spine much darker than the lungs means black and white are swapped.
  if (f.spineLungContrast < INVERTED_CONTRAST) return [inverted];
  return [];
}

export function attributeGuardrails(study: Study, card: ModelCard, policy: SitePolicy = DEFAULT_SITE_POLICY): Guardrail[] {
  const out: Guardrail[] = [];
  const a = study.attributes;
  const add = (code: Guardrail['code'], reason: string) => out.push({ code, source: 'attributes', reason });
  const modality = (a.Modality ?? '').trim().toUpperCase();
  if (modality && !RADIOGRAPH_MODALITIES.has(modality)) {
    add('modality', `The image is modality ${modality}, not a radiograph (CR/DX): the model only reads chest X-rays.`);
  }
  const body = (a.BodyPartExamined ?? '').trim().toUpperCase();
  if (body && !/CHEST|THORAX|LUNG/.test(body)) add('body-part', `The body part is ${body}, not the chest.`);
  const view = (a.ViewPosition ?? '').trim().toUpperCase();
  const views = card.population?.views?.map((v) => v.toUpperCase());
  if (view && LATERAL_VIEWS.test(view)) {
    add('view', `This is a lateral view (${view}): the model was trained on frontal (PA/AP) views.`);
  } else if (view && views && views.length > 0 && !views.includes(view)) {
    add('view', `The view is ${view}: the model was trained on ${views.join('/')} views.`);
  }
  const range = card.population?.ageYears;
  const age = patientAgeYears(a);
  if (range && age !== undefined) {
    const [lo, hi] = range;
    // "ages 1-5" includes a child of 5 years 11 months: compare whole years.
    const whole = Math.floor(age);
    if (whole < lo || whole > hi) {
      add('age', `The patient is ${describeAge(age)} old: the model was trained on ages ${lo}-${hi} years.`);
    }
  } else if (range && study.format === 'dicom' && policy.ageUnknown === 'hold-back') {
    // A DICOM says who it shows; one that records no usable age (none, or an anonymiser's hash) may be
    // an adult's film, which this model reads confidently and wrongly. JPEG and PNG never record one.
    // A site that images only children can say so (site policy 'read-as-child').
    add('age-unknown', `The file records no usable age: the model was trained on children aged ${range[0]}-${range[1]} years, and this image cannot be checked against that.`);
  }
  const shorter = Math.min(study.rows, study.columns);
  if (shorter < card.inputSize / 2) {
    add('small-image', `The image is only ${study.columns} x ${study.rows} pixels, far smaller than the model's ${card.inputSize} x ${card.inputSize} input.`);
  }
  if (study.frames > 1) add('multi-frame', `The file holds ${study.frames} frames (a series or cine loop): only frame ${study.frame + 1} is read.`);
  if (study.samplesPerPixel > 1 || /^(RGB|YBR|PALETTE)/.test(study.photometricInterpretation)) {
    add('colour', 'This is a colour image where a grayscale radiograph is expected.');
  }
  const polarity = study.notes.find((n) => n.startsWith('header says MONOCHROME'));
  if (polarity) add('polarity-corrected', 'The file header contradicts its pixels (black and white swapped): Alveo corrected the display.');
  return out;
}

/**
 * What the site policy decided for this image, said beside its answer: a DICOM without a usable
 * age that the age rule would have held back, answered because the site reads such studies as
 * children's. A result shown under that choice must say so (it decides whether adults are answered).
 */
export function policyNotes(study: Pick<Study, 'format' | 'attributes'>, card: ModelCard, policy: SitePolicy = DEFAULT_SITE_POLICY): string[] {
  const range = card.population?.ageYears;
  if (!range || study.format !== 'dicom' || policy.ageUnknown !== 'read-as-child' || patientAgeYears(study.attributes) !== undefined) return [];
  return [`The file records no usable age: read as a child's (${range[0]}-${range[1]} years), as this site's policy says (Models tab, "This site").`];
}

/** All guardrails for one image: attribute rules first, then the pixel check (on `display` when given). */
export function checkStudy(study: Study, card: ModelCard, display?: Uint8Array, policy: SitePolicy = DEFAULT_SITE_POLICY): Guardrail[] {
  return [...attributeGuardrails(study, card, policy), ...pixelGuardrails(study, display)];
}

/** The reasons alone, for Prediction.warnings and the CLI's warnings column (joined there with "; ", so no reason holds one). */
export function guardrailWarnings(study: Study, card: ModelCard): string[] {
  return checkStudy(study, card).map((g) => g.reason);
}
