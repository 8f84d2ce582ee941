// A site calibration record as calibrate / adapt store it in a card, for tests that only need the
// card to say which folder a model was fitted on (temperature 1: the served scores do not change).
import type { SiteCalibration, SiteFigures } from '../../../../src-main/api/adaptation';

const figures: SiteFigures = {
  threshold: 0.5,
  temperature: 1,
  n: 8,
  sensitivity: { value: 1, low: 0.6, high: 1 },
  specificity: { value: 1, low: 0.6, high: 1 },
  auc: 1,
  logLoss: 0.1,
  ece: 0.05,
  confusion: { tp: 4, fp: 0, tn: 4, fn: 0 },
  roc: [],
};

export function siteCalibration(root: string, method: 'calibrate' | 'adapt'): SiteCalibration {
  return {
    temperature: 1,
    targetSensitivity: 0.95,
    method,
    site: { root, images: { NORMAL: 4, PNEUMONIA: 4 }, patients: { NORMAL: 4, PNEUMONIA: 4 }, skipped: 0 },
    fittedOn: 'all 8 site images',
    before: figures,
    after: figures,
    notes: [],
    bootstrap: { replicates: 100, unit: 'patient', seed: 1 },
  };
}
