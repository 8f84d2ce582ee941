// Bringing a cached study up to date when the PACS holds other images than the cache (typically
// Alveo's own SR and Secondary Capture, sent back to the study): the study's instances are listed
// on the PACS, only those the cache lacks are fetched, those the PACS no longer holds are dropped,
// and the result is swapped in whole like any retrieve (replaceCachedStudy). Cached files are
// hard-linked into the staging folder, so an image already here is never transferred or copied
// again. A list shorter than the PACS's own count is taken as cut short: nothing cached is dropped.
// A node that cannot list the study's instances, or send them one by one (or sends only part),
// gets the whole study retrieved again; one that cannot be reached leaves the cached copy served.
// The note says which.
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InstanceRef, PacsClient } from './pacs-client';
import { replaceCachedStudy } from './pacs-cache';
import { linkCached } from './pacs-cache-link';
import { PacsError, pacsError } from './pacs-error';
import { describeNode } from './pacs-node';
import { instanceWriter, retrieveStudy, SAFE_UID } from './retrieve-study';

export interface UpdateOptions {
  signal: AbortSignal;
  say: (done: number, total: number, message: string) => void;
}

/**
 * Why the cache is behind, as cacheFreshness found: its note, the PACS's count (null: not said),
 * and the study's instance list when the check already asked for it (not asked again).
 */
export interface Staleness {
  note: string;
  instances: number | null;
  listed?: InstanceRef[];
}

export interface CacheUpdate {
  /** Instances transferred from the PACS: 0 when the cached files were all that was needed (or kept). */
  fetched: number;
  note: string;
}

/** What the staging step did: `again` when it fell back to the whole study. */
interface Staged {
  fetched: number;
  again?: { cause: string; failed: number };
}

const why = (err: unknown) => (err instanceof PacsError ? err.detail : err instanceof Error ? err.message : String(err));
/** `one` for a single image, else `many` with its # replaced by the count. */
const counted = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('#', String(n)));
const isCancel = (err: unknown, signal: AbortSignal) => signal.aborted || (err instanceof PacsError && err.failure === 'cancelled');
/** A node that answers, only not as asked: the whole study may still come. One down or slow would fail it again. */
const answersOtherwise = (err: unknown) => err instanceof PacsError && (err.failure === 'refused' || err.failure === 'not-found' || err.failure === 'protocol');

/** Retrieves the whole study into the cache, replacing any copy there. */
export async function retrieveWholeStudy(client: PacsClient, cache: string, studyInstanceUid: string, opts: UpdateOptions): Promise<{ fetched: number; failed: number }> {
  const got = await replaceCachedStudy(cache, studyInstanceUid, (staging) =>
    retrieveStudy(client, studyInstanceUid, staging, {
      signal: opts.signal,
      progress: (p) => opts.say(p.done, p.total ?? p.done, `retrieving from ${describeNode(client.node)}`),
    }),
  );
  return { fetched: got.files.length, failed: got.failed };
}

/**
 * Brings the cached study (its files, `cached`) up to date with the PACS; `stale` says why it is
 * not. The answer's note says that, then what was done. Short of a cancel it never fails: the
 * cached copy, untouched by a failed update, is served with a note saying so.
 */
export async function updateCachedStudy(client: PacsClient, cache: string, studyInstanceUid: string, cached: string[], stale: Staleness, opts: UpdateOptions): Promise<CacheUpdate> {
  try {
    return await update(client, cache, studyInstanceUid, cached, stale, opts);
  } catch (err) {
    if (isCancel(err, opts.signal)) throw err;
    return { fetched: 0, note: `${stale.note}: could not bring it up to date (${why(err)}): served the cached copy, which may be out of date` };
  }
}

async function update(client: PacsClient, cache: string, studyInstanceUid: string, cached: string[], stale: Staleness, opts: UpdateOptions): Promise<CacheUpdate> {
  const reason = stale.note;
  let listed: InstanceRef[];
  try {
    listed = stale.listed ?? (await client.findInstances(studyInstanceUid, opts.signal));
    if (!listed.length) throw pacsError(client.node, 'not-found', 'the PACS lists none');
  } catch (err) {
    if (opts.signal.aborted || !answersOtherwise(err)) throw err;
    const got = await retrieveWholeStudy(client, cache, studyInstanceUid, opts);
    return { fetched: got.fetched, note: withFailures(`${reason}: retrieved it again (the study's images could not be listed: ${why(err)})`, got.failed) };
  }
  // These UIDs become file names.
  if (listed.some((i) => !SAFE_UID.test(i.sopInstanceUid))) throw pacsError(client.node, 'protocol', 'the study lists an instance without a valid SOP Instance UID');

  // Fewer listed than the PACS counts: the list was cut short (a capped QIDO-RS answer …), and
  // what it leaves out is not known to be gone.
  const short = stale.instances !== null && listed.length < stale.instances;
  const have = new Map(cached.map((f) => [basename(f, '.dcm'), f]));
  const onPacs = new Map(listed.map((i) => [i.sopInstanceUid, i]));
  const keep = [...have.keys()].filter((uid) => short || onPacs.has(uid));
  const missing = listed.filter((i) => !have.has(i.sopInstanceUid));
  const dropped = have.size - keep.length;
  const cut = short ? `${describeNode(client.node)} listed only ${listed.length} of them, so no cached image was removed` : '';
  const note = (what: string) => `${reason}: ${[cut, what].filter(Boolean).join('; ')}`;
  if (!missing.length && !dropped) return { fetched: 0, note: note(short ? 'the cached copy holds each one listed' : 'the cached copy already holds each of them') };

  const got = await replaceCachedStudy(cache, studyInstanceUid, (staging) => stage(client, studyInstanceUid, staging, { have, keep, missing, onPacs }, opts));
  if (got.again) return { fetched: got.fetched, note: withFailures(note(`retrieved it again (${got.again.cause})`), got.again.failed) };
  const done = [
    ...(got.fetched ? [`fetched ${counted(got.fetched, 'the new one', 'the # new ones')}`] : []),
    ...(dropped ? [`removed ${counted(dropped, 'the one', 'the #')} it no longer holds`] : []),
  ];
  return { fetched: got.fetched, note: note(done.join(' and ')) };
}

interface Plan {
  have: Map<string, string>;
  keep: string[];
  missing: InstanceRef[];
  onPacs: Map<string, InstanceRef>;
}

/** Fills the staging folder: the kept cached files linked, the missing instances fetched. */
async function stage(client: PacsClient, studyInstanceUid: string, staging: string, plan: Plan, opts: UpdateOptions): Promise<Staged> {
  const node = describeNode(client.node);
  const want = [...plan.missing];
  for (const uid of plan.keep) {
    if (await linkCached(plan.have.get(uid)!, join(staging, `${uid}.dcm`))) continue;
    // Gone since the cache was read (another retrieve swapped the folder): fetch it too, if listed.
    const ref = plan.onPacs.get(uid);
    if (ref) want.push(ref);
  }
  if (!want.length) return { fetched: 0 };
  // Into the same staging folder: the whole study's files replace the links of the same name.
  const whole = async (cause: string): Promise<Staged> => {
    const got = await retrieveStudy(client, studyInstanceUid, staging, {
      signal: opts.signal,
      progress: (p) => opts.say(p.done, p.total ?? p.done, `retrieving from ${node}`),
    });
    return { fetched: got.files.length, again: { cause, failed: got.failed } };
  };
  try {
    await client.retrieveInstances(studyInstanceUid, want, instanceWriter(client, staging), {
      signal: opts.signal,
      progress: (p) => opts.say(p.done, p.total ?? want.length, `retrieving ${counted(want.length, 'the new image', '# new images')} from ${node}`),
    });
  } catch (err) {
    // A PACS that will not send single images (only whole studies or series): take it all. One
    // that does not know our move destination ('move-destination') would refuse the study too.
    if (opts.signal.aborted || !(err instanceof PacsError) || (err.failure !== 'refused' && err.failure !== 'not-found')) throw err;
    return whole(`the new images could not be fetched alone: ${err.detail}`);
  }
  if (opts.signal.aborted) throw pacsError(client.node, 'cancelled', 'the retrieve was cancelled');
  const names = new Set(await readdir(staging));
  const fetched = want.filter((i) => names.has(`${i.sopInstanceUid}.dcm`)).length;
  // Part of them and no error (some PACSs match only part of a UID list): the whole study has the rest.
  if (fetched < want.length) return whole(`only ${fetched} of the ${want.length} new images came when asked for alone`);
  return { fetched };
}

function withFailures(note: string, failed: number): string {
  return failed ? `${note}; ${failed} images could not be retrieved` : note;
}
