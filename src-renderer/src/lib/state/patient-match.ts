// Whether two images belong to the same patient, from their DICOM headers. Used to keep another
// patient's film from ever looking like a prior: only 'same' may be put beside an image unasked.
import { personName } from '../../../../src-main/api/person-name';

export type PatientMatch = 'same' | 'different' | 'unknown';

type Attributes = Readonly<Record<string, string | undefined>>;

/**
 * By Patient ID when both images have one, by name when an ID is missing; 'unknown' when neither
 * can be compared. Same ID with clearly different names is 'different': an ID reused across
 * sites must not pass as a prior.
 */
export function patientMatch(a: Attributes, b: Attributes): PatientMatch {
  const [idA, idB] = [id(a), id(b)];
  const [nameA, nameB] = [name(a), name(b)];
  if (idA && idB) return idA !== idB ? 'different' : nameA && nameB && nameA !== nameB ? 'different' : 'same';
  if (nameA && nameB) return nameA === nameB ? 'same' : 'different';
  return 'unknown';
}

/** "DOE, JANE (P-1001)" for a warning; null when the header names no patient. */
export function patientLabel(a: Attributes): string | null {
  const shown = personName(a.PatientName).trim();
  const pid = id(a);
  if (!shown && !pid) return null;
  return shown && pid ? `${shown} (${pid})` : shown || `ID ${pid}`;
}

function id(a: Attributes): string {
  return (a.PatientID ?? '').trim();
}

// Case, padding and empty trailing components ("DOE^JANE^^") do not make a name another one.
function name(a: Attributes): string {
  return (a.PatientName ?? '').split('=')[0].toUpperCase().replace(/\s+/g, ' ').replace(/[\^ ]+$/g, '').trim();
}
