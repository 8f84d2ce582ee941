// Axis arithmetic for the panel's small SVG charts: linear maps and "nice" tick values.

export type Domain = [number, number];

/** Maps a domain onto a pixel range (the range may run backwards, as SVG's y does). */
export function linear(domain: Domain, range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Round tick values (1, 2, 2.5, 5 x 10^k steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** The domain of some values, widened to round numbers, never empty; `floor` keeps e.g. losses from starting below 0. */
export function niceDomain(values: number[], floor?: number): Domain {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    lo -= Math.abs(lo) * 0.1 || 0.5;
    hi += Math.abs(hi) * 0.1 || 0.5;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  if (floor !== undefined) lo = Math.max(floor, lo);
  const ticks = niceTicks(lo, hi, 4);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 0;
  if (step > 0) {
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
  }
  if (floor !== undefined) lo = Math.max(floor, lo);
  return [lo, hi];
}

/** An SVG path through the points ("M x y L x y ..."), skipping non-finite values. */
export function pathOf(points: { x: number; y: number }[], sx: (v: number) => number, sy: (v: number) => number): string {
  return points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`)
    .join(' ');
}

/** An epoch axis: 1..N for epochs numbered from 1 (a nice domain would pad it to 0..N+1). */
export function epochDomain(epochs: number[]): Domain {
  const last = Math.max(1, ...epochs.filter(Number.isFinite));
  return [1, Math.max(2, last)];
}
