// Every Window Center / Width pair the file carries, each with its explanation, and its VOI LUT
// Function: what a radiologist expects to find first in the preset list.
import type { DataSet } from 'dicom-parser';
import type { FileWindowPreset, VoiLutFunction } from '../../../api/study-display';
import { elementText } from '../dicom/dicom-text';
import { isValidWindowWidth } from './valid-window-width';

function numbers(ds: DataSet, tag: string): number[] {
  const raw = ds.elements[tag] ? (ds.string(tag) ?? '') : '';
  return raw === '' ? [] : raw.split('\\').map((s) => Number.parseFloat(s));
}

export function readFileWindowPresets(ds: DataSet): FileWindowPreset[] {
  const centers = numbers(ds, 'x00281050');
  const widths = numbers(ds, 'x00281051');
  const el = ds.elements.x00281055;
  const explanations = el && el.length ? elementText(ds, el, 'LO').split('\\').map((s) => s.trim()) : [];
  const fn = readVoiLutFunction(ds);
  const out: FileWindowPreset[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const center = centers[i];
    const width = widths[i];
    // A width the file's VOI LUT Function does not allow is not a window; such pairs are skipped, not fixed.
    if (!Number.isFinite(center) || !isValidWindowWidth(width, fn)) continue;
    out.push({ center, width, explanation: explanations[i] ?? '' });
  }
  return out;
}

export function readVoiLutFunction(ds: DataSet): VoiLutFunction {
  const v = (ds.string('x00281056') ?? '').trim().toUpperCase();
  return v === 'SIGMOID' || v === 'LINEAR_EXACT' ? v : 'LINEAR';
}
