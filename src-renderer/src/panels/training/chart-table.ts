// A line chart's text alternative (LineChart.svelte): the plotted values as a table, and a plain
// one-sentence summary. Series that share their x values (epochs) make one row per x and a column
// per series; curves with x values of their own (ROC, calibration) make a row per point, at most
// PER_SERIES evenly spaced points of each.

interface Tabled {
  id: string;
  label: string;
  points: { x: number; y: number; at?: number }[];
  hideInLegend?: boolean;
  table?: boolean;
}

export interface ChartTable {
  columns: string[];
  /** head: the row's header cell (the x value, or the series); series: set on a row per point. */
  rows: { series?: string; head: string; cells: string[] }[];
  /** Why not every point is listed; empty when all are. */
  sampled: string;
}

/** Rows of a one-row-per-x table; more x values than this, and it is a row per (sampled) point. */
const WIDE_MAX = 60;
export const PER_SERIES = 12;

/** Whole numbers as they are (epochs, counts), others to 3 decimals; '—' for a missing value. */
export function tableNumber(v: number): string {
  return !Number.isFinite(v) ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(3);
}

const finite = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y);

/** At most `n` points, evenly spaced, the first and the last among them. */
export function samplePoints<T>(points: T[], n = PER_SERIES): T[] {
  if (points.length <= n) return points;
  const at = new Set(Array.from({ length: n }, (_, i) => Math.round((i * (points.length - 1)) / (n - 1))));
  return [...at].map((i) => points[i]);
}

export function chartTable(
  series: Tabled[],
  o: { xLabel: string; yLabel: string; atLabel: string; x: (v: number) => string; y: (v: number) => string },
): ChartTable {
  const shown = series.filter((s) => !s.hideInLegend && s.table !== false && s.points.some(finite));
  if (!shown.length) return { columns: [], rows: [], sampled: '' };
  const xName = o.xLabel || 'x';
  const xs = [...new Set(shown.flatMap((s) => s.points.filter(finite).map((p) => p.x)))].sort((a, b) => a - b);
  const longest = Math.max(...shown.map((s) => new Set(s.points.filter(finite).map((p) => p.x)).size));
  // Mostly shared x values (epochs): x down, series across.
  if (!o.atLabel && xs.length <= WIDE_MAX && xs.length <= longest * 1.5) {
    return {
      columns: [xName, ...shown.map((s) => s.label)],
      rows: xs.map((x) => ({ head: o.x(x), cells: shown.map((s) => o.y(s.points.find((p) => p.x === x && finite(p))?.y ?? NaN)) })),
      sampled: '',
    };
  }
  let sampled = false;
  const rows = shown.flatMap((s) => {
    const all = s.points.filter(finite);
    const some = samplePoints(all);
    sampled ||= some.length < all.length;
    return some.map((p) => ({
      series: s.id,
      head: s.label,
      cells: [o.x(p.x), o.y(p.y), ...(o.atLabel ? [p.at === undefined ? '—' : o.y(p.at)] : [])],
    }));
  });
  return {
    columns: ['Series', xName, o.yLabel || 'y', ...(o.atLabel ? [o.atLabel] : [])],
    rows,
    sampled: sampled ? `${PER_SERIES} evenly spaced points of each longer curve, its first and last among them` : '',
  };
}

/** "Validation loss: lowest 0.210 at epoch 7, highest 0.690 at epoch 1" for each series. */
export function defaultSummary(series: Tabled[], xLabel: string, x: (v: number) => string, y: (v: number) => string): string {
  const at = (v: number) => (xLabel ? `${xLabel} ${x(v)}` : x(v));
  return series
    .filter((s) => s.table !== false)
    .flatMap((s) => {
      const pts = s.points.filter(finite);
      if (!pts.length) return [];
      if (pts.length === 1) return [`${s.label}: ${y(pts[0].y)} at ${at(pts[0].x)}`];
      const lo = pts.reduce((a, b) => (b.y < a.y ? b : a));
      const hi = pts.reduce((a, b) => (b.y > a.y ? b : a));
      return [`${s.label}: lowest ${y(lo.y)} at ${at(lo.x)}, highest ${y(hi.y)} at ${at(hi.x)}`];
    })
    .join('; ');
}
