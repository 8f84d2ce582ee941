// alveo models [--json]
// The installed models, the active one marked with '*': id, name, trained or not, input size,
// decision threshold and validation AUC when the card has one.
import { parseArgs } from 'node:util';
import type { ModelEntry } from '../../api/contract';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import type { CliCommand } from '../command';

export const command: CliCommand = {
  usage: 'models [--json]',
  summary: 'list installed models (active marked *)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
    const engine = createEngine(sourceTreeDeps());
    try {
      print(await engine.listModels(), values.json, engine.store);
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};

function print(entries: ModelEntry[], json: boolean, dirs: { builtInDir: string; userModelsDir: string }): void {
  if (json) {
    for (const e of entries) console.log(JSON.stringify(modelJson(e)));
    return;
  }
  if (entries.length === 0) {
    console.log(`No models installed (looked in ${dirs.builtInDir} and ${dirs.userModelsDir}).`);
    return;
  }
  const rows = entries.map((e) => [
    e.active ? '*' : ' ',
    e.id,
    e.card.name,
    e.card.trained ? 'trained' : 'UNTRAINED',
    `${e.card.inputSize}px`,
    `threshold ${e.card.threshold.value.toFixed(3)}`,
    e.card.metrics?.validation ? `val AUC ${e.card.metrics.validation.auc.toFixed(3)}` : 'no validation metrics',
    e.builtIn ? 'built-in' : 'user',
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}

function modelJson(e: ModelEntry) {
  return {
    id: e.id,
    name: e.card.name,
    active: e.active,
    builtIn: e.builtIn,
    trained: e.card.trained,
    inputSize: e.card.inputSize,
    threshold: e.card.threshold.value,
    thresholdRule: e.card.threshold.rule,
    validationAuc: e.card.metrics?.validation?.auc ?? null,
    dir: e.dir,
  };
}
