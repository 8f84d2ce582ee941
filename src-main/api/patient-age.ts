// Pure (no engine): the guardrails judge the age, and the study panel shows it when only the dates hold it.
// Patient age in years from PatientAge ("004Y", "018M", "010W", "030D"), else from the birth date
// and the study date. undefined when neither is usable.
// Units per year: dividing keeps "007M" at the nearest double to 7/12.
const PER_YEAR: Record<string, number> = { Y: 1, M: 12, W: 365.25 / 7, D: 365.25 };

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
  if (m) return Number(m[1]) / PER_YEAR[(m[2] ?? 'Y').toUpperCase()];
  const birth = parseDicomDate(a.PatientBirthDate);
  const study = parseDicomDate(a.StudyDate);
  if (!birth || !study || study < birth) return undefined;
  return (study.getTime() - birth.getTime()) / (365.25 * 24 * 3600 * 1000);
}

/** n units, singular for one ("1 month"). */
const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * x, or the whole number it differs from only by float error: an age from "007M" is 7 * (1/12)
 * years, and 7 * (1/12) * 12 is 6.999…, which must still read as 7 months (any real fraction of a
 * month or day is far larger than 1e-9).
 */
const whole = (x: number) => (Math.abs(x - Math.round(x)) < 1e-9 ? Math.round(x) : x);

/** "4 years", "7 months", "12 days": how a person says it (whole units, counted down). */
export function describeAge(years: number): string {
  if (whole(years) >= 2) return count(Math.floor(whole(years)), 'year');
  const months = whole(years * 12);
  if (months >= 1) return count(Math.floor(months), 'month');
  return count(Math.max(0, Math.round(years * 365.25)), 'day');
}
