// Pure (no engine): the guardrails judge the age, and the study panel shows it when only the dates hold it.
// Patient age in years from PatientAge ("004Y", "018M", "010W", "030D"), else from the birth date
// and the study date. undefined when neither is usable.
const UNIT_YEARS: Record<string, number> = { Y: 1, M: 1 / 12, W: 7 / 365.25, D: 1 / 365.25 };

/** A DICOM DA (YYYYMMDD) that names a real day, else undefined (also ACR-NEMA's YYYY.MM.DD; a hash or "20241399" is not a date). */
export function parseDicomDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec((text ?? '').trim());
  if (!m) return undefined;
  const [y, mo, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(y, mo - 1, day));
  return d.getUTCFullYear() === y && d.getUTCMonth() === mo - 1 && d.getUTCDate() === day ? d : undefined;
}

export function patientAgeYears(a: Record<string, string>): number | undefined {
  const m = /^(\d{1,3})\s*([DWMY])?$/i.exec((a.PatientAge ?? '').trim());
  if (m) return Number(m[1]) * UNIT_YEARS[(m[2] ?? 'Y').toUpperCase()];
  const birth = parseDicomDate(a.PatientBirthDate);
  const study = parseDicomDate(a.StudyDate);
  if (!birth || !study || study < birth) return undefined;
  return (study.getTime() - birth.getTime()) / (365.25 * 24 * 3600 * 1000);
}

/** "4 years", "7 months", "12 days": how a person says it. */
export function describeAge(years: number): string {
  if (years >= 2) return `${Math.floor(years)} years`;
  if (years >= 1 / 12) return `${Math.floor(years * 12)} months`;
  return `${Math.max(0, Math.round(years * 365.25))} days`;
}
