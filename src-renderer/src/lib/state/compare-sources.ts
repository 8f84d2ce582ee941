// Where the images offered beside the one on screen come from, in order of what is known of them:
// the open study set, the worklist's rows of the same patient (so a prior is found again after a
// reload, without the study set), files opened before (with their headers when Alveo has read
// them this session), and the image the pane shows now (so it is always listed for what it is).
// A header read this session wins over what the study set or the worklist kept of the same file:
// the file may have been replaced on disk since (another patient's image under the same name).
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
  const { here, known } = input;
  const read = (file: string, kept: Readonly<Record<string, string>>) => known.get(file) ?? kept;
  // Only this patient's rows: a worklist of hundreds of other patients is no list to choose from.
  const rows = here ? input.rows.filter((r) => r.error === null && samePatient(here.attributes, read(r.file, r.attributes)) === 'same') : [];
  return [
    ...input.images.map((i) => ({ file: i.file, attributes: read(i.file, i.attributes), viewPosition: i.viewPosition, lateral: i.lateral })),
    ...rows.map((r) => ({ file: r.file, attributes: read(r.file, r.attributes) })),
    ...input.recent.map((f) => ({ file: f, attributes: read(f, {}) })),
    ...(input.shown ? [{ file: input.shown.file, attributes: input.shown.attributes }] : []),
  ];
}
