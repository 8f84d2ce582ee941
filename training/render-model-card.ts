// Renders a model folder's card.json as the human-readable model card (README.md), so the two
// never disagree. Usage: node --import tsx training/render-model-card.ts models/default > models/default/README.md
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelCard, ModelMetrics } from '../src-main/api/model-card';
import { ttaSummary } from '../src-main/api/tta-summary';
import { wilson } from '../src-main/api/wilson';

const dir = process.argv[2];
if (!dir) throw new Error('usage: render-model-card.ts MODEL_DIR');
const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as ModelCard;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const interval = (k: number, n: number) => {
  if (!n) return 'n/a';
  const { low, high } = wilson(k, n);
  return `${pct(k / n)} [${pct(low)}-${pct(high)}]`;
};

function metricsTable(name: string, m: ModelMetrics): string {
  const c = m.confusion;
  return [
    `**${name}** (n = ${m.n}, at threshold ${card.threshold.value})`,
    '',
    '| accuracy | sensitivity | specificity | precision | F1 | ROC-AUC | PR-AUC |',
    '|---|---|---|---|---|---|---|',
    `| ${pct(m.accuracy)} | ${pct(m.sensitivity)} | ${pct(m.specificity)} | ${pct(m.precision)} | ${m.f1.toFixed(3)} | ${m.auc.toFixed(4)} | ${m.prAuc?.toFixed(4) ?? '—'} |`,
    '',
    `Confusion: TP ${c.tp}, FP ${c.fp}, TN ${c.tn}, FN ${c.fn}.`,
    '',
    // Per image: patients with several images make the per-patient intervals wider (alveo evaluate gives those).
    `95% intervals (Wilson, per image; wider per patient): sensitivity ${interval(c.tp, c.tp + c.fn)}, specificity ${interval(c.tn, c.tn + c.fp)}.`,
    ...(/shifted validation/.test(card.threshold.rule) && name === 'validationShifted'
      ? ['', 'These images chose the threshold (and the checkpoint): the sensitivity meets the rule by construction; they are not an untouched test.']
      : []),
  ].join('\n');
}

const metrics = Object.entries(card.metrics ?? {})
  .filter((e): e is [string, ModelMetrics] => e[1] !== undefined)
  .map(([k, m]) => metricsTable(k, m))
  .join('\n\n');

const tta = ttaSummary(card.testTimeAugmentation);
const out = `# Model card: ${card.name}

| | |
|---|---|
| id | \`${card.id}\` |
| architecture | ResNet18 (torchvision v1 layout, BatchNorm) + global average pooling + 1 sigmoid unit (\`${card.architecture}\`) |
| input | ${card.inputSize} x ${card.inputSize}, 3 equal channels |
| classes | ${card.classes.join(', ')} (output = model score for PNEUMONIA, not a calibrated probability) |
| trained | ${card.trained ? 'yes' : '**no — outputs are meaningless**'} |
| decision threshold | **${card.threshold.value}** — ${card.threshold.rule} |
${tta ? `| test-time augmentation | ${tta} |\n` : ''}| parent | ${card.parent ?? 'none (trained from scratch)'} |
| created | ${card.created} |

## Intended use
${card.intendedUse}

## Population it was trained on
${card.population?.description ?? 'not stated'}${card.population?.ageYears ? ` (ages ${card.population.ageYears[0]}–${card.population.ageYears[1]} years; the app warns outside this range)` : ''}.

## Preprocessing
${card.preprocessing.source}. Mean ${JSON.stringify(card.preprocessing.mean)}, std ${JSON.stringify(card.preprocessing.std)}.

## Training data
${card.trainingData.description}.

Credit: ${card.trainingData.credit ?? '—'} Licence: ${card.trainingData.licence ?? '—'}.

## Metrics
${metrics || 'none recorded'}

## Recipe and lineage
${card.recipe ?? '—'}

${(card.notes ?? []).map((n) => `- ${n}`).join('\n')}
`;
process.stdout.write(out);
