// The engine methods behind the worklist and the model manager: folder listing for the web folder
// chooser, thumbnails, CSV export of the rows on screen, and model folder export/import (through
// the ModelStore). createEngine spreads `methods` into the engine and feeds `record` its events.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { EngineApi, ScoreProvenance, ScoreSpec } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { EngineEvent } from '../../api/events';
import { worklistView } from '../../api/worklist-view';
import { writeFileAtomic } from '../files/atomic-files';
import type { ModelStore } from '../model/model-store';
import { listDirectory } from './list-directory';
import { RunningScores } from './running-scores';
import { ScoreJobRows } from './score-job-rows';
import { pacsCacheDir } from '../pacs/pacs-cache-dir';
import { shareableFileNames } from './shareable-file-names';
import { ThumbnailMaker } from './study-thumbnail';
import { worklistCsv, worklistCsvColumns } from './worklist-csv';
import { errnoInWords } from '../files/errno-in-words';
import { resolveModelEntry } from '../engine-models';

export type WorklistMethods = Pick<EngineApi, 'listDirectory' | 'getThumbnail' | 'exportWorklist' | 'exportModel' | 'importModel' | 'runningScores'>;

export interface WorklistApi {
  methods: WorklistMethods;
  /** Give every engine event here (score rows are kept for export). */
  record(event: EngineEvent): void;
  /** A score run started (by `modelId`): its CSV names files relative to its folder, and it is listed as running until it ends. */
  scoreStarted(jobId: string, spec: ScoreSpec, modelId: string, provenance: ScoreProvenance): void;
}

export function createWorklistApi(env: { store: ModelStore }): WorklistApi {
  const jobRows = new ScoreJobRows();
  const running = new RunningScores();
  const thumbnails = new ThumbnailMaker();
  const methods: WorklistMethods = {
    listDirectory: (path) => listDirectory(path),
    getThumbnail: (file, size) => thumbnails.thumbnail(file, size ?? undefined),
    async runningScores(query) {
      // The model a start of `like` would use (none installed: no run can be the same).
      const likeModel = query?.like ? await resolveModelEntry(env.store, query.like.modelId).then((e) => e.id, () => null) : null;
      return running.list((jobId) => jobRows.rowsSoFar(jobId), query ?? {}, likeModel);
    },
    async exportWorklist(spec) {
      const all = jobRows.rows(spec.jobId);
      // The renderer may not have every row yet: export what it had on screen.
      const received = spec.count === undefined || spec.count === null ? all : all.slice(0, spec.count);
      const rows = worklistView(received, spec.view);
      // Named over every row of the run first, so a PACS study keeps its number whatever the view.
      const fileName = shareableFileNames(jobRows.folder(spec.jobId), pacsCacheDir(env.store.userDir));
      for (const r of all) fileName(r.file);
      const style = spec.csvStyle ?? (spec.bom === true ? 'excel' : 'scripts');
      const csv = worklistCsv(rows, spec.includeIdentifiers, { style, fileName, provenance: jobRows.provenance(spec.jobId) });
      const columns = worklistCsvColumns(spec.includeIdentifiers);
      if (!spec.file) return { file: null, rows: rows.length, columns, csv };
      const file = resolve(spec.file);
      const existing = await stat(file).catch(() => null);
      if (existing?.isDirectory()) {
        throw new AlveoError('BAD_ARGUMENT', 'is a folder: give a file name such as worklist.csv', file);
      }
      // Only a .csv: whoever drives the API (a compromised page, a stolen web token) must not be able
      // to write or replace a shell's start-up file, an authorized_keys or an autostart entry.
      if (!/\.csv$/i.test(file)) throw new AlveoError('BAD_ARGUMENT', 'a worklist is exported as a .csv file: give a name ending in .csv', file);
      // The user folder's results/ (the dialog's proposal) is made on first use; any other
      // missing folder is an error: a typo must not scatter patient data into new folders.
      const resultsDir = join(env.store.userDir, 'results');
      if (dirname(file) === resultsDir) await mkdir(resultsDir, { recursive: true, mode: 0o700 });
      if (!(await stat(dirname(file)).catch(() => null))?.isDirectory()) {
        throw new AlveoError('NOT_FOUND', `the folder ${dirname(file)} does not exist`, file);
      }
      // Replacing a file takes a second, explicit yes from the user.
      if (existing && spec.overwrite !== true) return { file, rows: rows.length, columns, csv: null, exists: true };
      // Owner-only (as `alveo score --csv`): the worklist may carry patient attributes.
      await writeFileAtomic(file, csv, 0o600).catch((err: unknown) => {
        throw new AlveoError('NOT_FOUND', `cannot write the CSV (${errnoInWords(err)})`, file);
      });
      return { file, rows: rows.length, columns, csv: null };
    },
    async exportModel(modelId, destDir) {
      return env.store.exportModel(modelId, resolve(destDir));
    },
    async importModel(dir) {
      return env.store.importFolder(resolve(dir));
    },
  };
  return {
    methods,
    record(event) {
      jobRows.record(event);
      running.record(event);
    },
    scoreStarted(jobId, spec, modelId, provenance) {
      jobRows.started(jobId, spec.folder, provenance);
      running.started(jobId, spec, modelId);
    },
  };
}
