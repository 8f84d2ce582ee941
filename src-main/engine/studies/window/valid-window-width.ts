// Which Window Widths the VOI LUT Function allows: at least 1 for LINEAR (PS3.3 C.11.2.1.2.1; kept
// for SIGMOID, as before), any width above 0 for LINEAR_EXACT (C.11.2.1.3.2).
import type { VoiLutFunction } from '../../../api/study-display';

export function isValidWindowWidth(width: number, fn: VoiLutFunction): boolean {
  return Number.isFinite(width) && (fn === 'LINEAR_EXACT' ? width > 0 : width >= 1);
}
