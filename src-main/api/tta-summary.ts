// One line on a model's test-time augmentation for the model manager, the AI panel's card and the
// rendered model card: what is averaged, what it costs, and the one-view figures beside.
import { SPLIT_SHORT } from './headline-validation';
import type { TestTimeAugmentation } from './model-card';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;


export function ttaSummary(tta: TestTimeAugmentation | undefined): string | null {
  if (!tta || tta.views.length < 2) return null;
  const parts = tta.views.slice(1).map(([zoom, x, y]) => {
    const moves = [zoom !== 1 ? `zoom ${zoom}` : '', x !== 0 ? `shift x ${x > 0 ? '+' : ''}${pct(x / 2)}` : '', y !== 0 ? `shift y ${y > 0 ? '+' : ''}${pct(y / 2)}` : ''];
    return moves.filter(Boolean).join(' ');
  });
  const one = tta.oneView;
  const aucs = one ? Object.entries(one.auc).map(([split, auc]) => `AUC ${auc.toFixed(4)} on the ${SPLIT_SHORT[split as keyof typeof SPLIT_SHORT] ?? split}`).join(', ') : '';
  return (
    `${tta.views.length} views averaged (the image as is; ${parts.join('; ')}), ${tta.views.length} forward passes per image` +
    (one ? `. One view: threshold ${one.threshold}${aucs ? `, ${aucs}` : ''}` : '')
  );
}
