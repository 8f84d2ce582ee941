// Opening a prior from the PACS beside the image on screen: retrieved (or found cached), its first
// frontal image put in the comparison pane, unless the reader has moved on or chosen another image
// meanwhile (the prior then stays cached for later).
import type { ApiClient } from '../api/create-api-client';
import type { CompareState } from './compare-state.svelte';
import type { PacsPrior } from './pacs-priors.svelte';
import type { PacsState } from './pacs-state.svelte';

export interface PriorContext {
  api: ApiClient;
  pacs: PacsState;
  compare: CompareState;
  /** The image on screen now. */
  mainFile: () => string | null;
}

/** Null when shown (or when the reader moved on); else why not, for the pane. */
export async function openPrior(p: PacsPrior, ctx: PriorContext): Promise<string | null> {
  const { pacs, compare } = ctx;
  const forMain = ctx.mainFile();
  const shownBefore = compare.current?.info.file ?? null;
  if (pacs.retrieving || pacs.batch) return 'Another study is being retrieved (PACS tab): choose the prior again when it is done';
  const got = await pacs.retrieve(p.study, p.nodeId);
  if (!got?.files.length) return pacs.error ?? (got ? 'The study holds no image Alveo can show' : 'The retrieve was cancelled');
  const set = await ctx.api.openStudySet(got.files);
  const images = set.studies.flatMap((s) => s.series.flatMap((se) => se.images));
  const pick = images.find((i) => !i.lateral) ?? images[0];
  if (!pick || ctx.mainFile() !== forMain) return null;
  if ((compare.current?.info.file ?? null) !== shownBefore || compare.opening) return null;
  await compare.choose(pick.file, forMain);
  return null;
}
