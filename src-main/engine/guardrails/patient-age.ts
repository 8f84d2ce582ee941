// Patient age in years from PatientAge ("004Y", "018M", "010W", "030D"), else from the birth date
// and the study date. undefined when neither is usable.
const UNIT_YEARS: Record<string, number> = { Y: 1, M: 1 / 12, W: 7 / 365.25, D: 1 / 365.25 };

function parseDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec((text ?? '').trim());
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function patientAgeYears(a: Record<string, string>): number | undefined {
  const m = /^(\d{1,3})\s*([DWMY])?$/i.exec((a.PatientAge ?? '').trim());
  if (m) return Number(m[1]) * UNIT_YEARS[(m[2] ?? 'Y').toUpperCase()];
  const birth = parseDate(a.PatientBirthDate);
  const study = parseDate(a.StudyDate);
  if (!birth || !study || study < birth) return undefined;
  return (study.getTime() - birth.getTime()) / (365.25 * 24 * 3600 * 1000);
}

/** "4 years", "7 months", "12 days": how a person says it. */
export function describeAge(years: number): string {
  if (years >= 2) return `${Math.floor(years)} years`;
  if (years >= 1 / 12) return `${Math.floor(years * 12)} months`;
  return `${Math.max(0, Math.round(years * 365.25))} days`;
}
