// How the training panel says numbers: percentages, losses, counts, rates and sizes.
import type { ClassCounts } from '../../../../src-main/api/training';

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

export function fixed(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** Learning rates span decades: 1e-3 reads better than 0.001000. */
export function rate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v >= 0.01 ? String(Number(v.toPrecision(3))) : v.toExponential(1).replace('e-', 'e−');
}

export function total(c: ClassCounts | undefined): number {
  return c ? c.NORMAL + c.PNEUMONIA : 0;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A signed difference for comparisons: "+2.1 pts" for fractions, "+0.012" otherwise. */
export function delta(a: number | undefined, b: number | undefined, asPoints: boolean): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return '';
  const d = a - b;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return asPoints ? `${sign}${Math.abs(d * 100).toFixed(1)} pts` : `${sign}${Math.abs(d).toFixed(3)}`;
}

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
