// Which study of an open set is the current one, and how the others are told apart from it. A
// reading station opens on the most recent study and shows the others as priors; the engine keeps
// its own order (oldest first, undated last, as `alveo study` lists them), so the viewer starts at
// the newest study rather than at the set's first image.
import type { StudySetStudy } from '../../../../src-main/api/contract';

const dated = (d: string) => /^\d{8}$/.test(d);

/** Study Time as HHMMSS digits for ordering ('' when the header gives none). */
function timeOf(study: StudySetStudy): string {
  const tm = study.series[0]?.images[0]?.attributes.StudyTime ?? '';
  return tm.trim().replace(/:/g, '').replace(/\..*$/, '').padEnd(6, '0').slice(0, 6);
}

/**
 * The most recent dated study (by Study Date, then Study Time); on an exact tie the first of them
 * in the set, so the arrow key reads on to the other. -1 when none is dated.
 */
export function newestStudy(studies: readonly StudySetStudy[]): number {
  let best = -1;
  let bestKey = '';
  studies.forEach((st, i) => {
    if (!dated(st.date)) return;
    const key = `${st.date}${timeOf(st)}`;
    if (best < 0 || key > bestKey) [best, bestKey] = [i, key];
  });
  return best;
}

/** "2022-12-01" from a DA; '' when it is none. */
export function isoStudyDate(da: string): string {
  return dated(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : '';
}

/**
 * What a thumbnail of `study` carries when it is not the newest study's: its date, whether it is a
 * prior (older than the newest), and both in words for its tooltip. Null for the newest study's
 * images, and when no study of the set is dated (a folder of JPEGs: nothing there is a prior).
 */
export function otherStudyTag(studies: readonly StudySetStudy[], newest: number, study: number): { date: string; prior: boolean; title: string } | null {
  const now = studies[newest];
  const st = studies[study];
  if (!now || !st || study === newest) return null;
  const date = isoStudyDate(st.date);
  if (!date) return { date: '', prior: false, title: 'Another study, undated' };
  const prior = st.date < now.date;
  return { date, prior, title: prior ? `Prior study, ${date}` : `Another study, ${date}` };
}
