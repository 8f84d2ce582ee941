// Which images to offer beside the one on screen, best first: the other views of its study (a
// lateral beside a frontal), then the same patient's other studies (priors), then the rest of the
// open study set, then files opened recently elsewhere (a prior exam from another folder).
import type { StripImage } from './study-set-state.svelte';

export interface CompareCandidate {
  file: string;
  label: string;
  relation: 'same study' | 'prior' | 'other' | 'recent';
}

/**
 * Images of the open set worth showing beside `file`: the other views of its study first, then
 * the same patient's other studies (priors), then the rest. The first is the default choice.
 */
export function compareCandidates(images: StripImage[], file: string | undefined, dates: string[]): CompareCandidate[] {
  const here = images.find((i) => i.file === file);
  if (!here) return images.filter((i) => i.file !== file).map((i) => ({ file: i.file, label: describe(i, dates), relation: 'other' }));
  const patient = here.attributes.PatientID;
  const rank = (i: StripImage) => (i.study === here.study ? 0 : patient && i.attributes.PatientID === patient ? 1 : 2);
  return images
    .filter((i) => i.file !== file)
    .map((i) => ({ i, r: rank(i) }))
    // Within the same study a different view (lateral beside frontal) comes before a repeat.
    .sort((a, b) => a.r - b.r || Number(b.i.lateral !== here.lateral) - Number(a.i.lateral !== here.lateral))
    .map(({ i, r }) => ({ file: i.file, label: describe(i, dates), relation: r === 0 ? 'same study' : r === 1 ? 'prior' : 'other' }));
}

function describe(i: StripImage, dates: string[]): string {
  const date = dates[i.study] ? `${dates[i.study].slice(0, 4)}-${dates[i.study].slice(4, 6)}-${dates[i.study].slice(6, 8)}` : '';
  const name = i.file.split(/[\\/]/).pop() ?? i.file;
  return [i.viewPosition || (i.lateral ? 'lateral' : ''), date, name].filter(Boolean).join(' · ');
}

/** `candidates`, then the recently opened images (files that opened as studies) not among them nor on screen. */
export function withRecent(candidates: CompareCandidate[], recent: readonly string[], file: string | undefined): CompareCandidate[] {
  const taken = new Set([file, ...candidates.map((c) => c.file)]);
  const extra = recent
    .filter((f) => !taken.has(f))
    .map((f): CompareCandidate => ({ file: f, label: f.split(/[\\/]/).pop() ?? f, relation: 'recent' }));
  return [...candidates, ...extra];
}
