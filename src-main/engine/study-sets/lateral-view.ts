// Lateral views by their DICOM ViewPosition codes (and the words writers use instead).
const LATERAL = /^(LL|RL|LAT|LATERAL|LLO|RLO|LLD|RLD|L-LAT|R-LAT)$/i;

export function isLateralView(viewPosition: string | undefined): boolean {
  return LATERAL.test((viewPosition ?? '').trim());
}
