// Which images to offer beside the one on screen, best first. The patient decides: this patient's
// images (the other views of this study, then the priors) may fill the pane by themselves; images
// of other patients, or of a patient the header does not name, are listed apart, for a deliberate
// choice only, so another patient's film can never pass as a prior.
import { bidiIsolate } from '../bidi-isolate';
import { patientLabel, patientMatch, type PatientMatch } from './patient-match';

export type CompareRelation = 'same study' | 'prior' | 'later study' | 'same patient' | 'other patient' | 'patient unknown';

export interface CompareCandidate {
  file: string;
  /**
   * What the image is, for people: "2026-11-15 · PA · CHEST", the file name only when nothing else is
   * known. Shown in an <option>, where <bdi> cannot go: each part that may be Hebrew or Arabic (name,
   * description, file name, path) is bidi-isolated, so it cannot move the date beside it (review 41 F5).
   */
  label: string;
  relation: CompareRelation;
  /** Only 'same' may be shown unasked. */
  patient: PatientMatch;
}

/** An image Alveo knows something about: from the open study set, the worklist, or a file opened before. */
export interface CompareSource {
  file: string;
  /** Header attributes by DICOM keyword; empty when not known (a JPEG, a recent file not yet read). */
  attributes: Readonly<Record<string, string | undefined>>;
  viewPosition?: string;
  lateral?: boolean;
}

/** The image on screen. */
export interface CompareAnchor {
  file: string;
  attributes: Readonly<Record<string, string | undefined>>;
  lateral?: boolean;
}

/**
 * Every source but the image on screen (each file and each SOP instance once, the first source that names it wins),
 * this patient's first: the other views of its study (a different view before a repeat), its
 * priors newest first, then other studies; then the images of other or unknown patients. Images
 * that would read the same in the list (a repeat film, two studies on one day) are told apart.
 */
export function compareCandidates(here: CompareAnchor | null, sources: readonly CompareSource[]): CompareCandidate[] {
  const seen = new Set<string>(here ? [here.file] : []);
  // One image under two paths (a link in a study folder, a copy) is still the image on screen: its
  // SOP Instance UID says so, and it is never offered as its own comparison.
  const uid = (a: CompareAnchor['attributes']) => a.SOPInstanceUID?.trim() || '';
  const seenUids = new Set<string>(here && uid(here.attributes) ? [uid(here.attributes)] : []);
  const listed: { c: CompareCandidate; s: CompareSource }[] = [];
  for (const s of sources) {
    if (seen.has(s.file) || seenUids.has(uid(s.attributes))) continue;
    seen.add(s.file);
    if (uid(s.attributes)) seenUids.add(uid(s.attributes));
    listed.push({ c: candidate(here, s), s });
  }
  const rank: Record<CompareRelation, number> = { 'same study': 0, prior: 1, 'later study': 2, 'same patient': 3, 'other patient': 4, 'patient unknown': 5 };
  const lateralHere = Boolean(here?.lateral);
  listed.sort(
      (a, b) =>
        rank[a.c.relation] - rank[b.c.relation] ||
        // Within a study a different view (a lateral beside a frontal) comes before a repeat.
        Number(Boolean(b.s.lateral) !== lateralHere) - Number(Boolean(a.s.lateral) !== lateralHere) ||
        // The most recent prior first (YYYYMMDD sorts as text).
        (b.s.attributes.StudyDate ?? '').localeCompare(a.s.attributes.StudyDate ?? ''),
  );
  distinguish(listed);
  return listed.map(({ c }) => c);
}

/**
 * What tells apart images whose options would read the same, in the order a reader asks for it:
 * the study's time (two studies on one day), its accession number, the series and instance (a
 * repeat within one study), then the file's name, and its whole path when even that is shared.
 */
const wholePath = (s: CompareSource) => bidiIsolate(s.file, 'ltr');
const DETAILS: readonly ((s: CompareSource) => string)[] = [
  (s) => studyTime(s.attributes.StudyTime),
  (s) => (s.attributes.AccessionNumber?.trim() ? `accession ${bidiIsolate(s.attributes.AccessionNumber.trim())}` : ''),
  (s) => seriesAndImage(s.attributes),
  (s) => bidiIsolate(fileName(s.file), 'ltr'),
  wholePath,
];

/**
 * Appends details to the labels of candidates whose options (relation and label) collide, one
 * detail at a time, each only where it differs within the colliding group: a detail all of them
 * share (the same time, the same accession) would say nothing.
 */
function distinguish(listed: readonly { c: CompareCandidate; s: CompareSource }[]): void {
  for (const detail of DETAILS) {
    const groups = new Map<string, { c: CompareCandidate; s: CompareSource }[]>();
    for (const x of listed) {
      const key = `${x.c.relation} · ${x.c.label}`;
      const group = groups.get(key);
      if (group) group.push(x);
      else groups.set(key, [x]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const values = group.map((x) => detail(x.s));
      if (new Set(values).size < 2) continue;
      group.forEach((x, i) => {
        if (!values[i]) return;
        // The whole path names the file too: it takes the place of the name added a step before.
        const name = ` · ${bidiIsolate(fileName(x.s.file), 'ltr')}`;
        const label = detail === wholePath && x.c.label.endsWith(name) ? x.c.label.slice(0, -name.length) : x.c.label;
        x.c.label = label ? `${label} · ${values[i]}` : values[i];
      });
    }
  }
}

/** What `s` is to the image on screen: its relation, its patient match and its label. */
export function candidate(here: CompareAnchor | null, s: CompareSource): CompareCandidate {
  const patient = here ? samePatient(here.attributes, s.attributes) : 'unknown';
  const relation = relationOf(here, s.attributes, patient);
  const who = patient === 'different' ? bidiIsolate(patientLabel(s.attributes) ?? '') : '';
  const label = [who, imageLabel(s, relation !== 'same study')].filter(Boolean).join(' · ');
  return { file: s.file, label, relation, patient };
}

/**
 * "2026-11-15 · PA · CHEST" (the date left out within one study); the file name only when the
 * header says nothing, since a file named by its SOP Instance UID tells a reader nothing.
 */
export function imageLabel(s: CompareSource, withDate = true): string {
  const view = s.viewPosition || s.attributes.ViewPosition || (s.lateral ? 'lateral' : '');
  const date = withDate ? isoDate(s.attributes.StudyDate) : '';
  const description = s.attributes.SeriesDescription || s.attributes.StudyDescription || '';
  // A series described as its view ("pa") says nothing twice.
  const known = [date, view, description.toUpperCase() === view.toUpperCase() ? '' : bidiIsolate(description)].filter(Boolean);
  return known.length ? known.join(' · ') : bidiIsolate(fileName(s.file), 'ltr');
}

/**
 * Same patient as the image on screen. One study belongs to one patient, so an image of the same
 * study (by its Study Instance UID) counts as this patient's when its header cannot tell, never
 * when it knows otherwise (another ID, name, birth date or sex: 'different' wins over the UID).
 */
export function samePatient(here: CompareAnchor['attributes'], other: CompareSource['attributes']): PatientMatch {
  const m = patientMatch(here, other);
  if (m !== 'unknown') return m;
  return sameStudy(here, other) ? 'same' : 'unknown';
}

function relationOf(here: CompareAnchor | null, a: CompareSource['attributes'], patient: PatientMatch): CompareRelation {
  if (patient === 'different') return 'other patient';
  if (patient === 'unknown' || !here) return 'patient unknown';
  if (sameStudy(here.attributes, a)) return 'same study';
  const [now, then] = [here.attributes.StudyDate ?? '', a.StudyDate ?? ''];
  if (now && then) return then < now ? 'prior' : then > now ? 'later study' : 'same patient';
  return 'same patient';
}

function sameStudy(a: CompareSource['attributes'], b: CompareSource['attributes']): boolean {
  const uid = a.StudyInstanceUID;
  return Boolean(uid) && uid === b.StudyInstanceUID;
}

/** "14:05" from a TM ("140512.123", "1405", or the old "14:05:12"); '' when it is none. */
function studyTime(tm: string | undefined): string {
  const m = /^(\d{2})(\d{2})?/.exec((tm ?? '').trim().replace(/:/g, ''));
  return m ? `${m[1]}:${m[2] ?? '00'}` : '';
}

function seriesAndImage(a: CompareSource['attributes']): string {
  const series = a.SeriesNumber?.trim();
  const instance = a.InstanceNumber?.trim();
  return [series ? `series ${series}` : '', instance ? `image ${instance}` : ''].filter(Boolean).join(', ');
}

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function isoDate(da: string | undefined): string {
  return da && /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : '';
}
