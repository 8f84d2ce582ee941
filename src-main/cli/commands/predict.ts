// alveo predict FILE... [--model ID|DIR] [--json]
// One line per file: the probability, the label at the model's threshold, and any warnings; or
// the reason the file could not be scored. Exit code 0 unless no file could be scored.
import type { Prediction } from '../../api/contract';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { errorText } from '../../engine/inference/score-folder';
import type { CliCommand } from '../command';
import { parsePathsModelJsonArgs } from '../paths-model-json-args';

export const command: CliCommand = {
  usage: 'predict FILE... [--model ID|DIR] [--json]',
  summary: 'pneumonia probability for each file',
  async run(argv) {
    const args = parsePathsModelJsonArgs(argv, command.usage);
    if (!args) return 2;
    const engine = createEngine(sourceTreeDeps());
    try {
      await engine.loadModel(args.model); // a missing model is one error, not one per file
      let scored = 0;
      for (const file of args.paths) {
        try {
          const { studyId } = await engine.openStudy(file);
          const p = await engine.predict(studyId, args.model);
          await engine.closeStudy(studyId);
          scored++;
          console.log(args.json ? JSON.stringify(predictionJson(file, p)) : readable(file, p));
        } catch (err) {
          const error = errorText(err, file);
          if (args.json) console.log(JSON.stringify({ file, error }));
          else console.log(`${file}: error: ${error}`);
        }
      }
      return scored > 0 ? 0 : 1;
    } catch (err) {
      console.error(`alveo predict: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
};

function predictionJson(file: string, p: Prediction) {
  return {
    file,
    probability: p.probability,
    label: p.label,
    threshold: p.threshold,
    model: p.model,
    ms: Math.round(p.ms * 10) / 10,
    warnings: p.warnings,
  };
}

function readable(file: string, p: Prediction): string {
  const warn = p.warnings.length ? `  WARNING: ${p.warnings.join('; ')}` : '';
  return `${file}: ${p.label} ${p.probability.toFixed(3)} (threshold ${p.threshold}, model ${p.model}, ${Math.round(p.ms)} ms)${warn}`;
}
