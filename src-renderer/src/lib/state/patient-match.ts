// Whether two images belong to the same patient, from their DICOM headers. Used to keep another
// patient's film from ever looking like a prior: only 'same' may be put beside an image unasked.
// A false 'same' is the dangerous error, so 'same' needs proof and anything short of it is
// 'unknown': placeholders (ANON, UNKNOWN, 0...) are no identity, and a name alone is none either
// (a second SMITH^JOHN is common).
import { personName } from '../../../../src-main/api/person-name';

export type PatientMatch = 'same' | 'different' | 'unknown';

type Attributes = Readonly<Record<string, string | undefined>>;

/**
 * 'different' when the headers know of a difference: Patient ID, name, birth date or sex, each
 * compared only where both images give a real value; whatever else they share. 'same' only with
 * one real Patient ID on both and the same real name on both (one name missing may be a header
 * edited or stripped); otherwise 'unknown'.
 */
export function patientMatch(a: Attributes, b: Attributes): PatientMatch {
  const [idA, idB] = [id(a), id(b)];
  const [nameA, nameB] = [name(a), name(b)];
  if (idA && idB && idA !== idB) return 'different';
  if (nameA && nameB && nameA !== nameB) return 'different';
  const [bornA, bornB] = [birthDate(a), birthDate(b)];
  if (bornA && bornB && bornA !== bornB) return 'different';
  const [sexA, sexB] = [sex(a), sex(b)];
  if (sexA && sexB && sexA !== sexB) return 'different';
  return idA && idB && nameA && nameB ? 'same' : 'unknown';
}

/** "DOE, JANE (P-1001)" for a warning, as the header gives them; null when it names no patient. */
export function patientLabel(a: Attributes): string | null {
  const shown = personName(a.PatientName).trim();
  const pid = (a.PatientID ?? '').trim();
  if (!shown && !pid) return null;
  return shown && pid ? `${shown} (${pid})` : shown || `ID ${pid}`;
}

/**
 * The label with the birth date and sex the header gives, so a warning about two "ANONYMOUS (ANON)"
 * images says what tells them apart: "ANONYMOUS (ANON), born 1970-01-02, F".
 */
export function patientDetails(a: Attributes): string | null {
  const born = birthDate(a);
  const details = [born ? `born ${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6, 8)}` : '', sex(a)].filter(Boolean);
  const label = patientLabel(a);
  if (!label) return details.length ? details.join(', ') : null;
  return [label, ...details].join(', ');
}

/** Values that anonymisers and systems write where the real one is absent. */
const PLACEHOLDERS = new Set([
  'ANON', 'ANONYMOUS', 'ANONYMIZED', 'ANONYMISED', 'ANONYMIZE', 'ANONYMISE', 'ANONYMOUSPATIENT', 'ANONPATIENT',
  'DEIDENTIFIED', 'DEID', 'REMOVED', 'DELETED', 'REDACTED', 'HIDDEN', 'MASKED', 'CONFIDENTIAL',
  'UNKNOWN', 'UNK', 'UNKN', 'NOTKNOWN', 'NONE', 'NA', 'NULL', 'NIL', 'BLANK', 'EMPTY', 'MISSING',
  'NOTGIVEN', 'NOTSPECIFIED', 'UNSPECIFIED', 'NOTAVAILABLE', 'UNAVAILABLE', 'NOTAPPLICABLE', 'NOID', 'NONAME', 'UNNAMED',
  'PATIENT', 'PATIENTID', 'PATIENTNAME', 'NAME', 'ID', 'TEST', 'DEMO', 'SAMPLE',
]);

/** True for a value that identifies nobody: empty, punctuation only, zeros only, XXX, or a word above. */
export function isPlaceholder(value: string | undefined): boolean {
  const key = (value ?? '').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
  return key === '' || /^0+$/.test(key) || /^X+$/.test(key) || PLACEHOLDERS.has(key);
}

function id(a: Attributes): string {
  const v = (a.PatientID ?? '').trim();
  return isPlaceholder(v) ? '' : v;
}

// Case, padding and empty trailing components ("DOE^JANE^^") do not make a name another one; a
// name whose every component is a placeholder ("ANONYMOUS^", "^^", "UNKNOWN^UNKNOWN") is none.
function name(a: Attributes): string {
  const group = (a.PatientName ?? '').split('=').find((g) => g.replace(/[\^\s]/g, '') !== '') ?? '';
  const parts = group.toUpperCase().replace(/\s+/g, ' ').split('^').map((p) => p.trim());
  if (parts.every((p) => isPlaceholder(p))) return '';
  return parts.join('^').replace(/\^+$/g, '');
}

// YYYYMMDD (an old "1970.01.02" too); none when absent, zeros, or not a date.
function birthDate(a: Attributes): string {
  const d = (a.PatientBirthDate ?? '').replace(/[^0-9]/g, '');
  if (!/^\d{8}$/.test(d) || /^0+$/.test(d)) return '';
  const [month, day] = [Number(d.slice(4, 6)), Number(d.slice(6, 8))];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? d : '';
}

// M or F; O (other, often written for unknown) and anything else tells nothing apart.
function sex(a: Attributes): string {
  const s = (a.PatientSex ?? '').trim().toUpperCase();
  return s === 'M' || s === 'MALE' ? 'M' : s === 'F' || s === 'FEMALE' ? 'F' : '';
}
