// alveo inspect FILE [--json]: what a DICOM file holds and the md5 of its stored pixels;
// for JPEG/PNG, the decoded size and value range.
import { serializeError } from '../../api/errors';
import { createEngine, sourceTreeDeps, type Engine } from '../../engine/index';
import { inspectDicom } from '../../engine/studies/inspect-dicom';
import { UsageError } from '../cli-conventions';
import { defineCommand } from '../command';

/** Identifying attributes are never printed by inspect (no patient data in logs). */
const HIDDEN = new Set(['PatientName', 'PatientID', 'PatientBirthDate', 'AccessionNumber', 'InstitutionName']);

/** The study as the engine decodes it (the viewer and the model see the same), plus DICOM header facts. */
async function describe(engine: Engine, file: string): Promise<Record<string, unknown>> {
  const study = engine.study((await engine.openStudy(file)).studyId);
  if (study.format === 'dicom') {
    const inspection = await inspectDicom(file);
    const attributes = Object.fromEntries(Object.entries(study.attributes).filter(([k]) => !HIDDEN.has(k)));
    return {
      format: 'dicom',
      ...inspection,
      window: study.window,
      windowSource: study.windowSource,
      invert: study.invert,
      minValue: study.minValue,
      maxValue: study.maxValue,
      notes: study.notes,
      attributes,
    };
  }
  return {
    format: study.format,
    file,
    photometricInterpretation: study.photometricInterpretation,
    rows: study.rows,
    columns: study.columns,
    bitsAllocated: study.bitsAllocated,
    bitsStored: study.bitsStored,
    pixelRepresentation: study.pixelRepresentation,
    samplesPerPixel: study.samplesPerPixel,
    frames: study.frames,
    minValue: study.minValue,
    maxValue: study.maxValue,
    window: study.window,
    windowSource: study.windowSource,
    notes: study.notes,
  };
}

export const command = defineCommand({
  name: 'inspect',
  args: 'FILE',
  summary: 'show how a study file is encoded (DICOM: transfer syntax, pixel module, md5 of stored pixels)',
  options: {
    json: { type: 'boolean', help: 'print the description as one JSON object' },
  },
  async run({ values, positionals: files }) {
    const json = values.json;
    if (files.length !== 1) throw new UsageError('give one FILE');
    const file = files[0];
    const engine = createEngine(sourceTreeDeps());
    try {
      const info = await describe(engine, file);
      if (json) {
        console.log(JSON.stringify(info));
      } else {
        for (const [key, value] of Object.entries(info)) {
          if (key === 'attributes' && value && typeof value === 'object') {
            for (const [k, v] of Object.entries(value)) console.log(`  ${k.padEnd(28)} ${String(v)}`);
          } else {
            console.log(`${key.padEnd(30)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
          }
        }
      }
      return 0;
    } catch (err) {
      const e = serializeError(err);
      if (json) console.log(JSON.stringify({ file, error: e.message, code: e.code }));
      else console.error(`alveo inspect: ${e.message}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});
