// General Series Laterality (0020,0060) of a result derived from one source image. Type 2C: a value
// for a paired body part, absent for an unpaired one (dciodvfy warns on an empty one there), and
// empty only when truly unknown: with no body part named, dciodvfy requires the element.
import type { NaturalizedDataset } from 'dcmjs';

/** Body parts (CS, as in BodyPartExamined) that are not one of a pair. */
const UNPAIRED = new Set(['CHEST', 'THORAX', 'ABDOMEN', 'CHESTABDOMEN', 'ABDOMENPELVIS', 'PELVIS', 'HEAD', 'SKULL', 'NECK', 'HEART', 'SPINE', 'CSPINE', 'TSPINE', 'LSPINE', 'SSPINE', 'WHOLEBODY']);

/** A BodyPartExamined value worth copying: a CS (upper case, digits, space, underscore; 16 at most). */
const bodyPartCs = (v: string | undefined) => {
  const s = (v ?? '').trim().toUpperCase();
  return /^[A-Z0-9 _]{1,16}$/.test(s) ? s : '';
};

/** BodyPartExamined (when the source names one) and Laterality, as the rules above say. */
export function seriesLaterality(laterality: string, bodyPartExamined?: string): NaturalizedDataset {
  const bodyPart = bodyPartCs(bodyPartExamined);
  const side = laterality.trim().toUpperCase();
  const named = bodyPart ? { BodyPartExamined: bodyPart } : {};
  // An unpaired part has no Laterality even when the source's ImageLaterality names a side (a chest
  // film marked R: dciodvfy calls Laterality there an error).
  if (UNPAIRED.has(bodyPart)) return named;
  if (/^[RL]$/.test(side)) return { ...named, Laterality: side };
  return { ...named, Laterality: '' };
}
