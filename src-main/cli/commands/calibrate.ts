// alveo calibrate --data DIR [--model ID] [--sensitivity S] [--name NAME] [--json]
// Fits temperature scaling and a site threshold on a folder of labelled site images (NORMAL/,
// PNEUMONIA/) and saves a new model version with the same weights; the new id is the last line of
// stdout. Ctrl-C cancels and saves nothing.
import { runCalibration } from '../../engine/training/calibrate';
import { DEFAULT_TARGET_SENSITIVITY } from '../../engine/training/calibrate-target';
import { defineCommand } from '../command';
import { runSiteJob } from '../site-job';

export const command = defineCommand({
  name: 'calibrate',
  summary: 'calibrate a model to a site (seconds): temperature + threshold',
  options: {
    data: { type: 'string', arg: 'DIR', required: true, help: 'labelled site images: NORMAL/ and PNEUMONIA/ sub-folders' },
    model: { type: 'string', arg: 'ID', help: 'the model to calibrate (default: the active model)' },
    sensitivity: { type: 'string', arg: 'S', help: `sensitivity the site threshold is chosen for, between 0.5 and 1 (default: ${DEFAULT_TARGET_SENSITIVITY})` },
    name: { type: 'string', arg: 'NAME', help: "name of the new model version, its id made from it (default: the parent's name + ' (calibrated to site)')" },
    json: { type: 'boolean', help: 'machine-readable output: one JSON object per line' },
  },
  async run({ values }) {
    const sensitivity = values.sensitivity === undefined ? undefined : Number(values.sensitivity);
    if (sensitivity !== undefined && !Number.isFinite(sensitivity)) {
      console.error(`alveo calibrate: --sensitivity must be a number (got '${values.sensitivity}')`);
      return 2;
    }
    const data = values.data;
    return runSiteJob('calibrate', values.json, { data, model: values.model ?? 'active', sensitivity, name: values.name }, (env) =>
      runCalibration({ data, model: values.model, sensitivity, name: values.name }, env),
    );
  },
});
