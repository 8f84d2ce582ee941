// alveo calibrate --data DIR [--model ID] [--sensitivity S] [--name NAME] [--json]
// Fits temperature scaling and a site threshold on a folder of labelled site images (NORMAL/,
// PNEUMONIA/) and saves a new model version with the same weights; the new id is the last line of
// stdout. Ctrl-C cancels and saves nothing.
import { runCalibration } from '../../engine/training/calibrate';
import type { CliCommand } from '../command';
import { parseCommandOptions } from '../parse-command-options';
import { runSiteJob } from '../site-job';

const USAGE = 'calibrate --data DIR [--model ID] [--sensitivity S] [--name NAME] [--json]';

export const command: CliCommand = {
  usage: 'calibrate --data DIR [--model ID] [--sensitivity S] [--json]',
  summary: 'calibrate a model to a site (seconds): temperature + threshold',
  async run(argv) {
    const values = parseCommandOptions(
      argv,
      { data: { type: 'string' }, model: { type: 'string' }, sensitivity: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
      USAGE,
    );
    if (!values) return 2;
    if (!values.data) {
      console.error(`usage: alveo ${USAGE}`);
      return 2;
    }
    const sensitivity = values.sensitivity === undefined ? undefined : Number(values.sensitivity);
    if (sensitivity !== undefined && !Number.isFinite(sensitivity)) {
      console.error(`alveo calibrate: --sensitivity must be a number (got '${values.sensitivity}')`);
      return 2;
    }
    const data = values.data;
    return runSiteJob('calibrate', values.json, (env) =>
      runCalibration({ data, model: values.model, sensitivity, name: values.name }, env),
    );
  },
};
