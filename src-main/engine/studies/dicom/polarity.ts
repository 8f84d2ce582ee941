// placeholder
export interface PolarityInput {
  photometricInterpretation: string;
  values: Float32Array;
  rows: number;
  columns: number;
  bitsStored: number;
  lossy: boolean;
  attributes: Record<string, string>;
}
export function decidePolarity(p: PolarityInput): { invert: boolean; note?: string } {
  return { invert: p.photometricInterpretation === 'MONOCHROME1' };
}
