// Where the images offered beside the one on screen come from, in order of what is known of them:
// the open study set, the worklist's rows of the same patient (so a prior is found again after a
// reload, without the study set), files opened before (with their headers when Alveo has read
// them this session), and the image the pane shows now (so it is always listed for what it is).
import type { ScoreRow } from '../../../../src-main/api/contract';
import { samePatient, type CompareAnchor, type CompareSource } from './compare-candidates';
import type { StripImage } from './study-set-state.svelte';

export interface CompareSourceInput {
  here: CompareAnchor | null;
  images: readonly StripImage[];
  rows: readonly ScoreRow[];
  recent: readonly string[];
  /** Headers already read, by file. */
  known: ReadonlyMap<string, Readonly<Record<string, string>>>;
  shown: { file: string; attributes: Record<string, string> } | null;
}

export function compareSources(input: CompareSourceInput): CompareSource[] {
  const { here } = input;
  // Only this patient's rows: a worklist of hundreds of other patients is no list to choose from.
  const rows = here ? input.rows.filter((r) => r.error === null && samePatient(here.attributes, r.attributes) === 'same') : [];
  return [
    ...input.images.map((i) => ({ file: i.file, attributes: i.attributes, viewPosition: i.viewPosition, lateral: i.lateral })),
    ...rows.map((r) => ({ file: r.file, attributes: r.attributes })),
    ...input.recent.map((f) => ({ file: f, attributes: input.known.get(f) ?? {} })),
    ...(input.shown ? [{ file: input.shown.file, attributes: input.shown.attributes }] : []),
  ];
}
