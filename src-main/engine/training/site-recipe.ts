// The command that makes a calibrated or adapted model again (its card's recipe): every option the
// CLI takes spelled out, defaults included, as a default may change between releases; for an
// adaptation, its fixed settings too. The parent's weights are named by provenance.parentWeightsSha256.
import type { AdaptationRecord, SiteCalibration } from '../../api/adaptation';
import { shellWord } from '../text/shell-word';
import type { AdaptOptions } from './adapt-options';

export function siteRecipe(o: { parentId: string; calibration: SiteCalibration; adaptation?: AdaptationRecord; adaptOptions?: AdaptOptions }): string {
  const cal = o.calibration;
  const common = [`--data ${shellWord(cal.site.root)}`, `--model ${shellWord(o.parentId)}`, `--sensitivity ${cal.targetSensitivity}`];
  const a = o.adaptation;
  if (!a) return `alveo calibrate ${common.join(' ')}`;
  const flags = [...common, `--epochs ${a.epochs}`, `--views ${a.views}`, `--blocks ${a.trainBlocks}`, ...(a.seed !== undefined ? [`--seed ${a.seed}`] : [])];
  return `alveo adapt ${flags.join(' ')}${o.adaptOptions ? ` (all options: ${JSON.stringify(o.adaptOptions)})` : ''}`;
}
