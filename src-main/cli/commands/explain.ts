// alveo explain FILE --method lime|gradcam --out PNG [--samples N] [--model ID|DIR] [--json]
// Writes the study with its explanation overlaid: Grad-CAM's heatmap, or LIME's top regions, each
// in its legend colour (the legend, with each region's weight, is printed). LIME runs as a job:
// progress with ETA on stderr, Ctrl-C or SIGTERM cancels (exit 130 or 143, nothing written). --out
// is checked before the work, as gradcam checks it: LIME must not run for minutes and then fail to write.
import type { LimeExplanation, Prediction } from '../../api/contract';
import { createEngine, sourceTreeDeps, type Engine } from '../../engine/index';
import { writeGradCamPng } from '../../engine/inference/grad-cam-png';
import { LIME_DEFAULTS } from '../../engine/inference/lime';
import { writeLimePng } from '../../engine/inference/lime-png';
import { EXIT, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { outputFileProblem } from '../output-path-problem';
import { etaText, progressLine } from '../progress-line';
import { exitCodeOf, runJob } from '../run-job';

const METHODS = ['lime', 'gradcam'] as const;

export const command = defineCommand({
  name: 'explain',
  args: 'FILE',
  summary: 'LIME regions or Grad-CAM heatmap overlaid on the study, as PNG',
  options: {
    method: { type: 'string', arg: METHODS.join('|'), default: 'lime', help: 'LIME regions (a job, with progress) or the Grad-CAM heatmap' },
    out: { type: 'string', arg: 'PNG', required: true, help: 'the PNG to write' },
    samples: { type: 'string', arg: 'N', help: `LIME's perturbed copies of the image, 1000 to 20000 (default: ${LIME_DEFAULTS.samples})` },
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    json: { type: 'boolean', help: 'print the result as one JSON object' },
  },
  async run({ values, positionals }) {
    const [file] = positionals;
    const method = values.method as (typeof METHODS)[number];
    const samples = values.samples === undefined ? undefined : Number(values.samples);
    if (!file || positionals.length > 1) throw new UsageError('give one FILE');
    if (!METHODS.includes(method)) throw new UsageError(`--method must be lime or gradcam, got '${values.method}'`);
    if (samples !== undefined && !(Number.isInteger(samples) && samples >= 1000 && samples <= 20000)) {
      throw new UsageError(`--samples must be a whole number from 1000 to 20000, got '${values.samples}'`);
    }
    // Before the work (for LIME, minutes of it): a folder or an unwritable place is said at once.
    const problem = await outputFileProblem('--out', values.out, 'explain.png');
    if (problem) {
      console.error(`alveo explain: ${problem}`);
      return EXIT.failed;
    }
    const engine = createEngine(sourceTreeDeps());
    try {
      const { studyId } = await engine.openStudy(file);
      const p = await engine.predict(studyId, values.model);
      if (method === 'gradcam') {
        const cam = await engine.gradCam(studyId, values.model);
        await writeGradCamPng(engine.study(studyId), cam.heat, values.out);
        print(values.json, { file, out: values.out, method, prediction: p });
        return 0;
      }
      const expl = await lime(engine, studyId, values.model, samples);
      if (typeof expl === 'number') return expl;
      await writeLimePng(engine.study(studyId), expl, values.out);
      print(values.json, { file, out: values.out, method, prediction: p, lime: expl });
      return 0;
    } catch (err) {
      console.error(`alveo explain: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});

/** The explanation, or the exit code when the job did not finish. */
async function lime(engine: Engine, studyId: string, modelId: string | undefined, samples: number | undefined): Promise<LimeExplanation | number> {
  const line = progressLine(2000);
  const end = await runJob(engine, 'lime', () => engine.startLime({ studyId, modelId, samples }), {
    cancelling: 'cancelling LIME',
    progress: (e) => line.update(`LIME: ${e.done}/${e.total} samples${e.imagesPerSecond ? `, ${e.imagesPerSecond.toFixed(0)} images/s` : ''}${etaText(e.etaMs)}`, e.done === e.total),
  });
  line.end();
  if (end.outcome === 'done') return end.result;
  if (end.outcome === 'failed') console.error(`alveo explain: ${end.error}`);
  else process.stderr.write('cancelled: nothing written\n');
  return exitCodeOf(end);
}

interface Printed {
  file: string;
  out: string;
  method: string;
  prediction: Prediction;
  lime?: LimeExplanation;
}

function print(json: boolean, r: Printed): void {
  const { prediction: p, lime: l } = r;
  if (json) {
    const lime = l && { engine: l.engine, samples: l.samples, ms: Math.round(l.ms), r2: l.r2, regions: l.regionCount, quantization: l.quantization, top: l.top };
    console.log(JSON.stringify({ file: r.file, out: r.out, method: r.method, probability: p.probability, label: p.label, threshold: p.threshold, model: p.model, warnings: p.warnings, ...(lime ? { lime } : {}) }));
    return;
  }
  const warn = p.warnings.length ? `  WARNING: ${p.warnings.join('; ')}` : '';
  const name = r.method === 'lime' ? 'LIME' : 'Grad-CAM';
  console.log(`${r.out}: ${name} of ${r.file} (${p.label} ${p.probability.toFixed(3)}, model ${p.model})${warn}`);
  if (!l) return;
  const q = l.quantization ? `, int8 copies${l.quantization.weightBits === 7 ? ' with 7-bit weights' : ''} (max |dp| ${l.quantization.maxAbsError.toFixed(4)} vs float32 on ${l.quantization.calibrationSamples})` : '';
  console.log(`  ${l.samples} samples in ${(l.ms / 1000).toFixed(1)} s on ${l.engine}${q}; ${l.regionCount} regions, surrogate R^2 ${l.r2.toFixed(2)}`);
  if (l.top.length === 0) console.log('  no region raises the model score');
  for (const t of l.top) {
    console.log(`  ${t.rank}. ${t.color}  +${(t.weight * 100).toFixed(1)} points of model score when present, ${(t.area * 100).toFixed(1)}% of the image`);
  }
}
