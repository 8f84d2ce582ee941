// Which images to offer beside the one on screen, best first. The patient decides: this patient's
// images (the other views of this study, then the priors) may fill the pane by themselves; images
// of other patients, or of a patient the header does not name, are listed apart, for a deliberate
// choice only, so another patient's film can never pass as a prior.
import { patientLabel, patientMatch, type PatientMatch } from './patient-match';

export type CompareRelation = 'same study' | 'prior' | 'later study' | 'same patient' | 'other patient' | 'patient unknown';

export interface CompareCandidate {
  file: string;
  /** What the image is, for people: "2026-11-15 · PA · CHEST", the file name only when nothing else is known. */
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
 * Every source but the image on screen (each file once, the first source that names it wins),
 * this patient's first: the other views of its study (a different view before a repeat), its
 * priors newest first, then other studies; then the images of other or unknown patients.
 */
export function compareCandidates(here: CompareAnchor | null, sources: readonly CompareSource[]): CompareCandidate[] {
  const seen = new Set<string>(here ? [here.file] : []);
  const listed: { c: CompareCandidate; s: CompareSource }[] = [];
  for (const s of sources) {
    if (seen.has(s.file)) continue;
    seen.add(s.file);
    listed.push({ c: candidate(here, s), s });
  }
  const rank: Record<CompareRelation, number> = { 'same study': 0, prior: 1, 'later study': 2, 'same patient': 3, 'other patient': 4, 'patient unknown': 5 };
  const lateralHere = Boolean(here?.lateral);
  return listed
    .sort(
      (a, b) =>
        rank[a.c.relation] - rank[b.c.relation] ||
        // Within a study a different view (a lateral beside a frontal) comes before a repeat.
        Number(Boolean(b.s.lateral) !== lateralHere) - Number(Boolean(a.s.lateral) !== lateralHere) ||
        // The most recent prior first (YYYYMMDD sorts as text).
        (b.s.attributes.StudyDate ?? '').localeCompare(a.s.attributes.StudyDate ?? ''),
    )
    .map(({ c }) => c);
}

/** What `s` is to the image on screen: its relation, its patient match and its label. */
export function candidate(here: CompareAnchor | null, s: CompareSource): CompareCandidate {
  const patient = here ? samePatient(here.attributes, s.attributes) : 'unknown';
  const relation = relationOf(here, s.attributes, patient);
  const who = patient === 'different' ? (patientLabel(s.attributes) ?? '') : '';
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
  const known = [date, view, description.toUpperCase() === view.toUpperCase() ? '' : description].filter(Boolean);
  return known.length ? known.join(' · ') : (s.file.split(/[\\/]/).pop() ?? s.file);
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

function isoDate(da: string | undefined): string {
  return da && /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : '';
}
