// The study's answer from its images' predictions: the highest probability among frontal images
// the model can judge, and which image it came from. Laterals, images outside the intended use and
// unreadable files are left out, and the sentence says how many and why.
import type { StudySummary, StudySummaryImage } from '../../api/contract';

export const EXCLUDED_LATERAL = 'lateral view';
export const EXCLUDED_GUARDRAIL = 'outside what the model can judge';
export const EXCLUDED_ERROR = 'could not be read';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summarizeImages(model: string, threshold: number | null, images: StudySummaryImage[]): StudySummary {
  let best = -1;
  images.forEach((im, i) => {
    if (im.counted && im.probability !== null && (best < 0 || im.probability > (images[best].probability ?? -1))) best = i;
  });
  const count = (why: string) => images.filter((im) => im.excludedBecause === why).length;
  const notes: string[] = [];
  const lateral = count(EXCLUDED_LATERAL);
  const outside = count(EXCLUDED_GUARDRAIL);
  const failed = count(EXCLUDED_ERROR);
  if (lateral) notes.push(`${plural(lateral, 'lateral view', 'lateral views')} not counted`);
  // Held back as every screen holds it back (api/held-back.ts); its warning says why (an adult, a
  // lateral in a frontal series...), which "no frontal image" would misstate for a frontal film.
  if (outside) notes.push(`${plural(outside, 'image', 'images')} held back (see ${outside === 1 ? 'its warning' : 'their warnings'})`);
  if (failed) notes.push(`${plural(failed, 'image', 'images')} could not be read`);
  const tail = notes.length ? `; ${notes.join('; ')}.` : '.';
  if (best < 0) {
    return { model, threshold, images, highest: null, text: `No image in this study the model can judge${tail}` };
  }
  const b = images[best];
  const where = `image ${best + 1} of ${images.length}${b.viewPosition ? `, ${b.viewPosition}` : ''}`;
  return {
    model,
    threshold,
    images,
    highest: { file: b.file, probability: b.probability as number, label: b.label ?? 'NORMAL', viewPosition: b.viewPosition },
    text: `Highest model score among frontal images: ${((b.probability as number) * 100).toFixed(1)}% (${where})${tail}`,
  };
}
