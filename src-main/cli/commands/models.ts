// alveo models [--json] [--use ID [--yes]]
// The installed models, the active one marked with '*': id, name, trained or not, input size,
// decision threshold and validation AUC when the card has one (held-out cohorts when it has them,
// as the AI panel shows; the split is named after the figure); then the inference engine that
// serves the active model (e.g. 'onnxruntime (cpu, 2 threads)') and why a better one was skipped.
// --json: one line per model, each with that `engine`.
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { headlineValidation } from '../../api/headline-validation';
import { createEngine, sourceTreeDeps, type Engine } from '../../engine/index';
import { defineCommand } from '../command';
import { useModel } from '../use-model';
import { displayWidth, padToWidth } from '../pad-to-width';

export const command = defineCommand({
  name: 'models',
  summary: 'list installed models (active marked *)',
  options: {
    json: { type: 'boolean', help: 'one JSON object per model, one per line' },
    use: { type: 'string', arg: 'ID', help: 'make model ID the active one first (as the Models tab does; its cautions are printed)' },
    yes: { type: 'boolean', help: 'with --use: make it active even when a caution asks to confirm' },
  },
  async run({ values }) {
    const engine = createEngine(sourceTreeDeps());
    try {
      if (values.use !== undefined && !(await useModel(engine, values.use, values.yes, 'alveo models'))) return 1;
      const entries = await engine.listModels();
      // The active model must be readable: saying so beats listing another model as if it answered.
      const activeProblem = await engine.store.activeId().then(
        () => null,
        (err: unknown) => (err instanceof Error ? `${err.message}${err instanceof AlveoError && err.file ? ` (${err.file})` : ''}` : String(err)),
      );
      print(entries, values.json, engine.store, activeProblem ? { engine: `unavailable (${activeProblem})`, skipped: [] } : await servingEngine(engine, entries));
      // As the app lists them: a folder under a shipped model's id is left out, the active one marked.
      for (const u of await engine.store.listUnreadable()) console.error(`unreadable model folder${u.active ? ' (active)' : ''}: ${u.id}: ${u.reason}`);
      if (activeProblem) {
        console.error(`alveo models: ${activeProblem}`);
        return 1;
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
});

interface Serving {
  engine: string;
  skipped: readonly string[];
}

/** The runtime of the active model (the first if none is active): what predictions would run on. */
async function servingEngine(engine: Engine, entries: ModelEntry[]): Promise<Serving | null> {
  const model = entries.find((e) => e.active) ?? entries[0];
  if (!model) return null;
  try {
    const { runtime } = await engine.runtime(model.id);
    return { engine: runtime.engine, skipped: runtime.skipped };
  } catch (err) {
    return { engine: `unavailable (${err instanceof Error ? err.message : String(err)})`, skipped: [] };
  }
}

function print(entries: ModelEntry[], json: boolean, dirs: { builtInDir: string; userModelsDir: string }, serving: Serving | null): void {
  if (json) {
    for (const e of entries) console.log(JSON.stringify({ ...modelJson(e), engine: serving?.engine ?? null }));
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
    validationText(e),
    e.builtIn ? 'built-in' : 'user',
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
  for (const r of rows) console.log(r.map((c, i) => (i === r.length - 1 ? c : padToWidth(c, widths[i]))).join('  '));
  if (serving) {
    console.log(`\ninference: ${serving.engine}`);
    for (const s of serving.skipped) console.log(`  skipped ${s}`);
  }
}

function validationText(e: ModelEntry): string {
  const v = headlineValidation(e.card);
  // n beside the AUC: 1.000 on 10 images is no better than 0.998 on 952.
  if (!v) return 'no validation metrics';
  // A calibrated or adapted model's site figures were fitted on those images: not validation.
  if (v.split === 'site') return `site AUC ${v.metrics.auc.toFixed(3)} (in-sample, not validation; n ${v.metrics.n})`;
  return `val AUC ${v.metrics.auc.toFixed(3)} (${v.short}, n ${v.metrics.n})`;
}

function modelJson(e: ModelEntry) {
  const v = headlineValidation(e.card);
  return {
    id: e.id,
    name: e.card.name,
    active: e.active,
    builtIn: e.builtIn,
    trained: e.card.trained,
    inputSize: e.card.inputSize,
    threshold: e.card.threshold.value,
    thresholdRule: e.card.threshold.rule,
    /** Which split validationAuc is from: 'validationShifted' (held-out cohorts), 'validation', or 'site' (in-sample, not validation). */
    validationAuc: v?.metrics.auc ?? null,
    validationSplit: v?.split ?? null,
    dir: e.dir,
  };
}
