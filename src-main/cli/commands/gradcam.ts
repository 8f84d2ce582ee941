// alveo gradcam FILE --out PNG [--model ID|DIR] [--json]
// Writes the study with its Grad-CAM heatmap overlaid (Turbo colour map, opacity by heat). --out
// is checked first (a folder, or a place no file can be made, is refused; a missing folder is made).
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { writeGradCamPng } from '../../engine/inference/grad-cam-png';
import { EXIT, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { outputFileProblem } from '../output-path-problem';

export const command = defineCommand({
  name: 'gradcam',
  args: 'FILE',
  summary: 'Grad-CAM heatmap overlaid on the study, as PNG',
  options: {
    out: { type: 'string', arg: 'PNG', required: true, help: 'the PNG to write' },
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    json: { type: 'boolean', help: 'print the result as one JSON object' },
  },
  async run({ values, positionals }) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('give one FILE');
    // Before the work: a folder or a place no file can be made is said at once, not after it.
    const problem = await outputFileProblem('--out', values.out, 'gradcam.png');
    if (problem) {
      console.error(`alveo gradcam: ${problem}`);
      return EXIT.failed;
    }
    const engine = createEngine(sourceTreeDeps());
    try {
      const { studyId } = await engine.openStudy(file);
      const cam = await engine.gradCam(studyId, values.model);
      const p = await engine.predict(studyId, values.model); // cached: the same forward pass
      await writeGradCamPng(engine.study(studyId), cam.heat, values.out);
      const result = { file, out: values.out, probability: p.probability, label: p.label, threshold: p.threshold, model: p.model, warnings: p.warnings };
      if (values.json) console.log(JSON.stringify(result));
      else {
        const warn = p.warnings.length ? `  WARNING: ${p.warnings.join('; ')}` : '';
        console.log(`${values.out}: Grad-CAM of ${file} (${p.label} ${p.probability.toFixed(3)}, model ${p.model})${warn}`);
      }
      return 0;
    } catch (err) {
      console.error(`alveo gradcam: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});
