// Bringing a cached study up to date when the PACS holds other images than the cache (typically
// Alveo's own SR and Secondary Capture, sent back to the study): the study's instances are listed
// on the PACS, only those the cache lacks are fetched, those the PACS no longer holds are dropped,
// and the result is swapped in whole like any retrieve (replaceCachedStudy). Cached files are
// hard-linked into the staging folder, so an image already here is never transferred or copied
// again. A node that cannot list the study's instances, or refuses to send them one by one, gets
// the whole study retrieved again, and the note says why.
import { copyFile, link, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InstanceRef, PacsClient } from './pacs-client';
import { replaceCachedStudy } from './pacs-cache';
import { PacsError, pacsError } from './pacs-error';
import { describeNode } from './pacs-node';
import { instanceWriter, retrieveStudy, SAFE_UID } from './retrieve-study';

export interface UpdateOptions {
  signal: AbortSignal;
  say: (done: number, total: number, message: string) => void;
}

export interface CacheUpdate {
  /** Instances transferred from the PACS: 0 when the cached files were all that was needed. */
  fetched: number;
  note: string;
}

const why = (err: unknown) => (err instanceof PacsError ? err.detail : err instanceof Error ? err.message : String(err));
/** `one` for a single image, else `many` with its # replaced by the count. */
const counted = (n: number, one: string, many: string) => (n === 1 ? one : many.replace('#', String(n)));

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
 * Brings the cached study (its files, `cached`) up to date with the PACS. `reason` says why it is
 * not (cacheFreshness's note); the answer's note says that, then what was done.
 */
export async function updateCachedStudy(client: PacsClient, cache: string, studyInstanceUid: string, cached: string[], reason: string, opts: UpdateOptions): Promise<CacheUpdate> {
  const node = describeNode(client.node);
  const again = async (cause: string): Promise<CacheUpdate> => {
    const got = await retrieveWholeStudy(client, cache, studyInstanceUid, opts);
    return { fetched: got.fetched, note: withFailures(`${reason}: retrieved it again (${cause})`, got.failed) };
  };

  let listed: InstanceRef[];
  try {
    listed = await client.findInstances(studyInstanceUid, opts.signal);
    if (!listed.length) throw new Error('the PACS lists none');
  } catch (err) {
    if (opts.signal.aborted) throw err;
    return again(`the study's images could not be listed: ${why(err)}`);
  }
  // These UIDs become file names.
  if (listed.some((i) => !SAFE_UID.test(i.sopInstanceUid))) throw pacsError(client.node, 'protocol', 'the study lists an instance without a valid SOP Instance UID');

  const have = new Map(cached.map((f) => [basename(f, '.dcm'), f]));
  const onPacs = new Set(listed.map((i) => i.sopInstanceUid));
  const keep = [...have.keys()].filter((uid) => onPacs.has(uid));
  const missing = listed.filter((i) => !have.has(i.sopInstanceUid));
  const dropped = have.size - keep.length;
  if (!missing.length && !dropped) return { fetched: 0, note: `${reason}: the cached copy already holds each of them` };

  const { fetched, refused } = await replaceCachedStudy(cache, studyInstanceUid, async (staging): Promise<{ fetched: number; refused?: { err: PacsError; failed: number } }> => {
    for (const uid of keep) await linkOrCopy(have.get(uid)!, join(staging, `${uid}.dcm`));
    if (!missing.length) return { fetched: 0 };
    try {
      await client.retrieveInstances(studyInstanceUid, missing, instanceWriter(client, staging), {
        signal: opts.signal,
        progress: (p) => opts.say(p.done, p.total ?? missing.length, `retrieving ${counted(missing.length, 'the new image', '# new images')} from ${node}`),
      });
    } catch (err) {
      // A PACS that will not send single images (only whole studies or series): take it all.
      if (opts.signal.aborted || !(err instanceof PacsError) || (err.failure !== 'refused' && err.failure !== 'not-found')) throw err;
      const whole = await retrieveStudy(client, studyInstanceUid, staging, {
        signal: opts.signal,
        progress: (p) => opts.say(p.done, p.total ?? p.done, `retrieving from ${node}`),
      });
      return { fetched: whole.files.length, refused: { err, failed: whole.failed } };
    }
    if (opts.signal.aborted) throw pacsError(client.node, 'cancelled', 'the retrieve was cancelled');
    const names = new Set(await readdir(staging));
    return { fetched: missing.filter((i) => names.has(`${i.sopInstanceUid}.dcm`)).length };
  });
  if (refused) return { fetched, note: withFailures(`${reason}: retrieved it again (the new images could not be fetched alone: ${refused.err.detail})`, refused.failed) };

  const done = [
    ...(fetched ? [`fetched ${counted(fetched, 'the new one', 'the # new ones')}`] : missing.length ? [`fetched none of the ${missing.length} new ones`] : []),
    ...(dropped ? [`removed ${counted(dropped, 'the one', 'the #')} it no longer holds`] : []),
  ];
  return { fetched, note: withFailures(`${reason}: ${done.join(' and ')}`, missing.length - fetched) };
}

function withFailures(note: string, failed: number): string {
  return failed ? `${note}; ${failed} images could not be retrieved` : note;
}

/** A hard link shares the cached file (no byte copied); a copy where the file system has none. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}
