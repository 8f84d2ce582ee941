// What the pixel probe says, on the image and in the measurement list. Only the modality value
// (the one the engine decoded, after rescale): the viewer repacks pixels for cornerstone
// (stored-pixels.ts), so cornerstone's own "SP" is not the file's stored value and would mislead.
export interface ProbeStats {
  x?: number;
  y?: number;
  mo?: number;
}

/** "812" or "-1000.5": three decimals at most, no trailing zeros. */
export function probeValue(stats: ProbeStats): string {
  return String(Number((stats.mo ?? 0).toFixed(3)));
}

/** The two lines drawn beside the probe: its value, then its pixel. */
export function probeLabel(stats: ProbeStats): [string, string] {
  return [`value ${probeValue(stats)}`, `(${stats.x}, ${stats.y})`];
}

/** The measurement list's line. */
export function probeListText(stats: ProbeStats): string {
  return `value ${probeValue(stats)} at (${stats.x}, ${stats.y})`;
}
