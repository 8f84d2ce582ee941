// Whether a cached study may be served as it is. Images can reach a study after it was retrieved
// (a late view, a correction), so the cache is trusted only while the PACS counts as many
// instances in the study as the cache holds (one study-level C-FIND / QIDO-RS query, answer
// NumberOfStudyRelatedInstances) and lists the same SOP Instance UIDs (an image replaced by
// another keeps the count). Any change means the cached copy is brought up to date
// (pacs-cache-update), with the instance list made here when there is one, so the PACS is not
// asked for it twice.
import { basename } from 'node:path';
import { describeNode } from './pacs-node';
import type { InstanceRef, PacsClient } from './pacs-client';

export type Freshness =
  /** Serve the cache; `note` says why when it could not be confirmed up to date. */
  | { fresh: true; note?: string }
  /**
   * Bring it up to date; `note` says why ("… holds 3 images of the study, the cache 1"), and
   * `instances` is the PACS's count (null: not said), against which its instance list is checked;
   * `listed`, the study's instances as the PACS listed them for this check, when it did.
   */
  | { fresh: false; note: string; instances: number | null; listed?: InstanceRef[] };

/** `cached`: the cached study's files, named <SOP Instance UID>.dcm. */
export async function cacheFreshness(client: PacsClient, studyInstanceUid: string, cached: readonly string[], signal: AbortSignal): Promise<Freshness> {
  const node = describeNode(client.node);
  const cachedCount = cached.length;
  let instances: number | null;
  try {
    const found = await client.findStudies({ studyInstanceUid }, signal);
    const study = found.find((s) => s.studyInstanceUid === studyInstanceUid);
    // Gone from the PACS (or moved): the copy we hold is still the user's best one.
    if (!study) return { fresh: true, note: `the study is no longer on ${node}: served the cached copy (${cachedCount} images)` };
    instances = study.instances;
  } catch (err) {
    if (signal.aborted) throw err;
    // Unreachable (or refusing queries): the cached copy still lets the user work, said plainly.
    const why = err instanceof Error ? err.message : String(err);
    return { fresh: true, note: `could not check the study for new images (${why}): served the cached copy (${cachedCount} images), which may be out of date` };
  }
  if (instances === cachedCount) return sameInstances(client, studyInstanceUid, cached, signal);
  // A PACS that does not count cannot confirm the copy: a stale study is worse than a slow one.
  if (instances === null) return { fresh: false, note: `${node} does not say how many images the study holds`, instances };
  return { fresh: false, note: `${node} holds ${instances} images of the study, the cache ${cachedCount}`, instances };
}

/**
 * The count agrees: the PACS's instance list must name the cached images too. A node that cannot
 * list them, or lists fewer than it counts (a capped answer), leaves the count's word standing.
 */
async function sameInstances(client: PacsClient, studyInstanceUid: string, cached: readonly string[], signal: AbortSignal): Promise<Freshness> {
  let listed: InstanceRef[];
  try {
    listed = await client.findInstances(studyInstanceUid, signal);
  } catch (err) {
    if (signal.aborted) throw err;
    return { fresh: true };
  }
  if (listed.length < cached.length) return { fresh: true };
  const have = new Set(cached.map((f) => basename(f, '.dcm')));
  const other = listed.filter((i) => !have.has(i.sopInstanceUid)).length;
  if (!other) return { fresh: true };
  return {
    fresh: false,
    note: `${describeNode(client.node)} holds ${other === 1 ? 'an image' : `${other} images`} of the study that the cache does not (the same count, ${cached.length})`,
    instances: cached.length,
    listed,
  };
}
