// alveo predict FILE... [--model ID|DIR] [--json] [--dicom-out DIR] [--input-out DIR]
// One line per file: the probability, the label at the model's threshold, and any warnings; or
// the reason the file could not be scored. Exit code 0 when every file was scored, 1 when any failed
// (or its DICOM results could not be written), 130 on Ctrl-C, 143 on SIGTERM (the lines so far
// stand; it says how many were done). --json lines name the inference engine that served them ("onnxruntime (cpu, 2
// threads)", "tfjs wasm (simd, 1 thread)"), the weights' sha256, views and the card's temperature.
// --dicom-out writes a DICOM SR and a Grad-CAM Secondary Capture per DICOM file (a JPEG/PNG has
// no patient or study to put them in: it is scored, and the line says why no DICOM was written).
// Its folder is checked before any scoring. --input-out writes what the network reads (the S x S
// gray input before normalisation) as <file name>.model-input.png: the preprocessing can be checked
// on test objects without the source code.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Prediction } from '../../api/contract';
import { heldBack } from '../../api/held-back';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { errorText } from '../../engine/inference/score-folder';
import { modelWeightsSha256 } from '../../engine/model/model-weights-hash';
import { temperatureOf } from '../../engine/model/temperature';
import { engineVersion } from '../../engine/engine-version';
import { shellWord } from '../../engine/text/shell-word';
import { saveStudyDicom } from '../../engine/pacs/save-study-dicom';
import { writeModelInputPng } from '../../engine/inference/model-input-png';
import { loadStudy } from '../../engine/studies/load-study';
import type { DicomResults } from '../../engine/pacs/write-dicom-results';
import { AlveoError } from '../../api/errors';
import { EXIT, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { missingGuardrailNote } from '../missing-guardrail-note';
import { outputFolderProblem } from '../output-path-problem';
import { stoppedExitCode } from '../on-stop-request';
import { stopBetweenItems } from '../stop-between-items';

/**
 * A skip is a file that cannot carry DICOM results (a JPEG/PNG); a failure is a write that went wrong.
 * dicomNotes: source values the results leave empty (invalid for their VR, an undeclared character set).
 */
type DicomOutcome = { dicom: { sr: string; sc: string }; dicomNotes: string[] } | { dicomSkipped: string } | { dicomFailed: string } | Record<string, never>;

export const command = defineCommand({
  name: 'predict',
  args: 'FILE...',
  summary: 'pneumonia model score for each file (--dicom-out: SR + Grad-CAM capture)',
  options: {
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    json: { type: 'boolean', help: 'one JSON object per file, one per line' },
    'dicom-out': { type: 'string', arg: 'DIR', help: 'also write a DICOM SR + Grad-CAM Secondary Capture per DICOM file to DIR' },
    reader: { type: 'string', arg: 'NAME', help: "with --dicom-out: whose read (\"Your read\" in the app, under \"Reading as\") the SRs carry; default: this computer's user" },
    'input-out': { type: 'string', arg: 'DIR', help: "also write the model's input (S x S 8-bit gray, before normalisation; the first test-time view) as DIR/<file name>.model-input.png" },
  },
  async run({ values, positionals: paths }) {
    if (paths.length === 0) throw new UsageError('give at least one FILE');
    const dicomOut = values['dicom-out'];
    const inputOut = values['input-out'];
    for (const [option, dir] of [['--dicom-out', dicomOut], ['--input-out', inputOut]] as const) {
      const problem = dir ? await outputFolderProblem(option, dir) : null;
      if (problem) {
        console.error(`alveo predict: ${problem}`); // before scoring: no result is computed to be lost
        return EXIT.failed;
      }
    }
    // Two files of one name (a/1.dcm, b/1.dcm) get 1.dcm.model-input.png and 1.dcm-2.model-input.png.
    const inputNames = new Set<string>();
    const engine = createEngine(sourceTreeDeps());
    let done = 0;
    const stop = stopBetweenItems(() => `${done} of ${paths.length}`);
    try {
      // A missing model is one error, not one per file; the runtime says which engine serves.
      const { runtime, entry } = await engine.runtime(values.model);
      const note = missingGuardrailNote(entry);
      if (note) console.error(note);
      const version = engineVersion();
      // Named in every --json line, as score's rows name it: the id alone has named several weight sets.
      const modelSha256 = values.json ? await modelWeightsSha256(entry.dir) : '';
      // A calibrated model keeps its parent's weights (and sha256): its temperature tells them apart.
      const temperature = temperatureOf(entry.card);
      let failed = 0;
      for (const file of paths) {
        if (stop.signal.aborted) break;
        try {
          const { studyId } = await engine.openStudy(file);
          const p = await engine.predict(studyId, values.model);
          let outcome: DicomOutcome = {};
          if (dicomOut) {
            try {
              const saved = await saveStudyDicom(engine, studyId, dicomOut, version, values.model, values.reader);
              outcome = { dicom: files(saved), dicomNotes: saved.notes };
              void engine.audit.record('saveResultAsDicom', 'done', { source: file, outDir: dicomOut, model: values.model ?? 'active', sr: saved.sr.file, sc: saved.sc.file });
            } catch (err) {
              // As score --dicom-out counts them: UNSUPPORTED (a JPEG/PNG, a DICOM without UIDs) is a skip.
              const unsupported = err instanceof AlveoError && err.code === 'UNSUPPORTED';
              outcome = unsupported ? { dicomSkipped: errorText(err, file) } : { dicomFailed: errorText(err, file) };
            }
          }
          await engine.closeStudy(studyId);
          if ('dicomFailed' in outcome) failed++;
          const modelInput = inputOut ? join(inputOut, uniqueName(inputNames, basename(file))) : undefined;
          if (modelInput) await writeModelInputPng(await loadStudy(file), entry.card, modelInput);
          console.log(
            values.json
              ? JSON.stringify({ ...predictionJson(file, p, runtime.engine), modelSha256, views: runtime.views ?? 1, alveo: version, temperature, ...outcome, ...(modelInput ? { modelInput } : {}) })
              : readable(file, p) + dicomText(outcome) + (modelInput ? `\n  model input: ${modelInput}` : ''),
          );
        } catch (err) {
          const error = errorText(err, file) + (await folderHint(file, values.model));
          failed++;
          if (values.json) console.log(JSON.stringify({ file, error }));
          else console.log(`${file}: error: ${error}`);
        }
        done++;
      }
      if (stop.signal.aborted) {
        process.stderr.write(`cancelled: ${done} of ${paths.length} done\n`);
        return stoppedExitCode();
      }
      return failed > 0 ? EXIT.failed : EXIT.ok;
    } catch (err) {
      console.error(`alveo predict: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      stop.dispose();
      await engine.dispose();
    }
  },
});

/** predict takes files; a folder is what `alveo score` is for, so the error says the command to run. */
async function folderHint(path: string, model: string | undefined): Promise<string> {
  const isFolder = await stat(path).then((s) => s.isDirectory(), () => false);
  if (!isFolder) return '';
  return `; to score every image in it, run: alveo score ${shellWord(path)}${model ? ` --model ${shellWord(model)}` : ''} (add --recursive for its sub-folders)`;
}

/** `<name>.model-input.png`, with -2, -3 … for a name this run has written already. */
function uniqueName(taken: Set<string>, name: string): string {
  let stem = name;
  for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${name}-${n}`;
  taken.add(stem.toLowerCase());
  return `${stem}.model-input.png`;
}

function files(r: DicomResults) {
  return { sr: r.sr.file, sc: r.sc.file };
}

function dicomText(o: DicomOutcome): string {
  // The notes name the attribute, never its value: a value may identify the patient.
  if ('dicom' in o) return `\n  DICOM: ${o.dicom.sr} ${o.dicom.sc}${o.dicomNotes.map((n) => `\n  note: ${n}`).join('')}`;
  if ('dicomSkipped' in o) return `\n  no DICOM written: ${o.dicomSkipped}`;
  if ('dicomFailed' in o) return `\n  DICOM results could not be written: ${o.dicomFailed}`;
  return '';
}

function predictionJson(file: string, p: Prediction, engine: string) {
  return {
    file,
    probability: p.probability,
    label: p.label,
    threshold: p.threshold,
    model: p.model,
    engine,
    ms: Math.round(p.ms * 10) / 10,
    warnings: p.warnings,
    warningCodes: p.warningCodes ?? [],
    status: heldBack(p) ? 'held back' : 'ok',
    notes: p.notes ?? [],
  };
}

/** One line for people: an answer with intended-use warnings is held back, as on screen (JSON keeps it raw). */
function readable(file: string, p: Prediction): string {
  // Four decimals for people (a fitted threshold has sixteen); --json and the CSV keep the exact value.
  const about = `threshold ${Number(p.threshold.toFixed(4))}, model ${p.model}, ${Math.round(p.ms)} ms`;
  // Said beside the answer, as in the AI panel (a JPEG's population unchecked, the site policy's choice).
  const notes = (p.notes ?? []).map((n) => `\n  note: ${n}`).join('');
  if (!heldBack(p)) return `${file}: ${p.label} ${p.probability.toFixed(3)} (${about})${notes}`;
  return `${file}: HELD BACK (model output ${p.label} ${p.probability.toFixed(3)}; ${about})  WARNING: ${p.warnings.join('; ')}${notes}`;
}
