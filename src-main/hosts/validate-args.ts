// Per-method argument checks run before anything reaches the engine. Every door goes through
// them, so a compromised renderer or a stray web page cannot hand the engine odd values.
// The table is keyed by EngineApi: a new method without a rule is a compile error.
import type { EngineApi } from '../api/contract';
import { CSV_STYLES } from '../api/csv-style';
import { READER_FINDINGS } from '../api/reader-reads';
import { AGE_UNKNOWN_POLICIES } from '../api/site-policy';
import { WORKLIST_FILTERS, WORKLIST_SORT_KEYS } from '../api/worklist-view';

type Rule = (value: unknown, name: string) => string | null;

const MAX_PATH = 4096;
const MAX_ID = 256;

function text(max: number): Rule {
  return (v, name) => {
    if (typeof v !== 'string') return `${name} must be a string`;
    if (v.length === 0) return `${name} must not be empty`;
    if (v.length > max) return `${name} is longer than ${max} characters`;
    // Control characters (NUL above all) have no place in a path, an id or a name.
    if (/[\u0000-\u001f\u007f]/.test(v)) return `${name} contains control characters`;
    return null;
  };
}

const path = text(MAX_PATH);
const id = text(MAX_ID);
const name = text(200);

/** One folder's own name: no separator, not '.' or '..' (it must stay inside the folder it is named in). */
const folderName: Rule = (v, n) => text(255)(v, n) ?? (/[\\/]/.test(v as string) || v === '.' || v === '..' ? `${n} must be a folder's name, not a path` : null);

function optional(rule: Rule): Rule {
  return (v, n) => (v === undefined || v === null ? null : rule(v, n));
}

function object(fields: Record<string, Rule>): Rule {
  return (v, n) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${n} must be an object`;
    // Own fields only: `in` would let constructor, toString, __proto__ ... through unchecked (review 44 F4).
    for (const key of Object.keys(v)) if (!Object.hasOwn(fields, key)) return `${n}.${key} is not a known field`;
    for (const [key, rule] of Object.entries(fields)) {
      const problem = rule((v as Record<string, unknown>)[key], `${n}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** A reader's note: free text over lines ('' for none), no other control characters. */
const readerNote: Rule = (v, n) => {
  if (typeof v !== 'string') return `${n} must be a string`;
  if (v.length > 2000) return `${n} is longer than 2000 characters`;
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(v) ? `${n} contains control characters` : null;
};

/** A reader's name as they write it ("Smith^Jane", "Dr J. Smith"): one line, 64 characters (a DICOM PN component). */
const readerName = text(64);

const bool: Rule = (v, n) => (typeof v === 'boolean' ? null : `${n} must be true or false`);

function int(min: number, max: number): Rule {
  return (v, n) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `${n} must be a whole number from ${min} to ${max}`);
}

function oneOf(values: readonly string[]): Rule {
  return (v, n) => (typeof v === 'string' && values.includes(v) ? null : `${n} must be one of ${values.join(', ')}`);
}

/** A non-empty list of at most `max` values, each checked by `rule`. */
function list(rule: Rule, max: number): Rule {
  return (v, n) => {
    if (!Array.isArray(v)) return `${n} must be a list`;
    if (v.length === 0) return `${n} must not be empty`;
    if (v.length > max) return `${n} holds more than ${max} entries`;
    for (let i = 0; i < v.length; i++) {
      const problem = rule(v[i], `${n}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

const finite: Rule = (v, n) => (typeof v === 'number' && Number.isFinite(v) ? null : `${n} must be a number`);

/** Training options: every field optional; the engine checks the ranges and says which is off. */
const trainingOptions = object({
  epochs: optional(int(1, 1000)),
  batchSize: optional(int(1, 512)),
  learningRate: optional(finite),
  inputSize: optional(int(32, 1024)),
  augment: optional(
    object({
      rotationDeg: optional(finite),
      shift: optional(finite),
      zoom: optional(finite),
      brightness: optional(finite),
      contrast: optional(finite),
      horizontalFlip: optional(bool),
    }),
  ),
  classWeights: optional(bool),
  freezeEpochs: optional(int(0, 1000)),
  fineTuneLrFactor: optional(finite),
  earlyStoppingPatience: optional(int(0, 1000)),
  reduceLrPatience: optional(int(0, 1000)),
  lrFactor: optional(finite),
  minLearningRate: optional(finite),
  weightDecay: optional(finite),
  labelSmoothing: optional(finite),
  valFraction: optional(finite),
  seed: optional(int(0, 2 ** 31 - 1)),
  thresholdRule: optional(oneOf(['sensitivity-0.95', 'youden'])),
  maxBatchesPerEpoch: optional(int(0, 1e9)),
});

/** Free text that may be empty (a search box). */
const query: Rule = (v, n) => (v === '' ? null : text(200)(v, n));

/** YYYYMMDD */
const yyyymmdd: Rule = (v, n) => (typeof v === 'string' && /^\d{8}$/.test(v) ? null : `${n} must be a date as YYYYMMDD`);
/** A DICOM UID: digits and dots, 64 characters at most. */
const uid: Rule = (v, n) => (typeof v === 'string' && /^[0-9.]{1,64}$/.test(v) ? null : `${n} must be a DICOM UID (digits and dots)`);
/** A PACS search field: free text, DICOM wildcards allowed; may be empty. */
const searchText: Rule = (v, n) => (v === '' ? null : text(64)(v, n));

/** A score run as startScore takes it (runningScores' `like` names one too). */
const scoreSpec = object({ folder: path, recursive: optional(bool), modelId: optional(id), shard: optional(object({ index: int(0, 99_999), count: int(1, 100_000) })), oneView: optional(bool), subfolders: optional(list(folderName, 10_000)), label: optional(name) });

/** Which rows of a run to export, and how (WorklistExportSpec). */
const worklistExportFields = object({
  jobId: id,
  view: object({ filter: oneOf(WORKLIST_FILTERS), search: query, sort: oneOf(WORKLIST_SORT_KEYS), descending: bool, groupByStudy: optional(bool) }),
  count: optional(int(0, 10_000_000)),
  includeIdentifiers: bool,
  file: optional(path),
  csvStyle: optional(oneOf(CSV_STYLES)),
  bom: optional(bool),
  overwrite: optional(bool),
});
const worklistExportSpec: Rule = (v, n) => {
  const problem = worklistExportFields(v, n);
  if (problem) return problem;
  // bom is the older form of csvStyle 'excel': the two together could disagree.
  const { csvStyle, bom } = v as { csvStyle?: unknown; bom?: unknown };
  return csvStyle != null && bom != null ? `${n}.bom and ${n}.csvStyle do not go together: give csvStyle alone` : null;
};

/** Named parameters per method, in call order. */
export const ARG_RULES: { [K in keyof EngineApi]: [string, Rule][] } = {
  getInfo: [],
  getSitePolicy: [],
  getLastScoreRun: [],
  setSitePolicy: [['policy', object({ ageUnknown: oneOf(AGE_UNKNOWN_POLICIES) })]],
  cachedPatientData: [],
  // Whole days, up to ten years: a retention rule, not a timestamp. Absent means all; null is refused
  // (an emptied days box must not read as "clear everything").
  clearCachedPatientData: [['spec', object({ olderThanDays: (v, n) => (v === undefined ? null : int(0, 3650)(v, n)) })]],
  listPacsNodes: [],
  savePacsNode: [
    [
      'node',
      object({ id: optional(id), name: text(200), address: text(1024), callingAe: optional(text(16)), movePort: optional(int(1, 65535)), moveFrom: optional(list(text(253), 16)), username: optional(text(256)), password: optional((v, n) => (v === '' ? null : text(1024)(v, n))) }),
    ],
  ],
  deletePacsNode: [['nodeId', id]],
  echoPacsNode: [['nodeId', id]],
  findPacsStudies: [
    ['nodeId', id],
    [
      'query',
      object({
        patientId: optional(searchText),
        patientName: optional(searchText),
        dateFrom: optional(yyyymmdd),
        dateTo: optional(yyyymmdd),
        modalities: optional(list(text(16), 32)),
        limit: optional(int(1, 10_000)),
      }),
    ],
  ],
  startPacsRetrieve: [['spec', object({ nodeId: id, studyInstanceUid: uid })]],
  saveResultAsDicom: [
    ['studyId', id],
    ['outDir', path],
    ['modelId', optional(id)],
  ],
  sendResultToPacs: [
    ['studyId', id],
    ['nodeId', id],
    ['modelId', optional(id)],
  ],
  pacsStudyHistory: [['studyInstanceUid', uid]],
  startDicomResults: [['spec', object({ files: list(path, 100_000), outDir: path, modelId: optional(id), reader: optional(readerName) })]],
  openStudy: [['file', path], ['opts', optional(object({ frame: optional(int(0, 65_535)) }))]],
  getStudyImage: [['studyId', id]],
  getStudyTags: [['studyId', id]],
  closeStudy: [['studyId', id]],
  predict: [
    ['studyId', id],
    ['modelId', optional(id)],
  ],
  gradCam: [
    ['studyId', id],
    ['modelId', optional(id)],
  ],
  recordReveal: [
    ['studyId', id],
    ['modelId', optional(id)],
  ],
  recordRead: [
    ['studyId', id],
    ['read', object({ finding: oneOf(READER_FINDINGS), note: optional(readerNote), afterAi: bool, reader: optional(readerName), readingMs: optional(int(0, 86_400_000)) })],
  ],
  getRead: [
    ['studyId', id],
    ['reader', optional(readerName)],
  ],
  clearRead: [
    ['studyId', id],
    ['reader', optional(readerName)],
  ],
  // A worklist's files; an empty list asks for nothing.
  listReads: [
    ['files', (v, n) => (Array.isArray(v) && v.length === 0 ? null : list(path, 100_000)(v, n))],
    ['reader', optional(readerName)],
  ],
  // LIME below 1000 samples gives an unstable fit; 20000 is already minutes on a CPU.
  startLime: [['spec', object({ studyId: id, modelId: optional(id), samples: optional(int(1000, 20_000)) })]],
  listModels: [],
  listUnreadableModels: [],
  setActiveModel: [['modelId', id]],
  renameModel: [
    ['modelId', id],
    ['name', name],
  ],
  deleteModel: [['modelId', id]],
  keepEvaluation: [['jobId', id]],
  compareEvaluations: [['jobIds', list(id, 16)]],
  startScore: [['spec', scoreSpec]],
  runningScores: [['query', optional(object({ rows: optional(bool), rowsFrom: optional(int(0, 100_000_000)), like: optional(scoreSpec) }))]],
  cancelJob: [
    ['jobId', id],
    ['choice', optional(oneOf(['keep', 'discard']))],
  ],
  listDirectory: [['path', optional(path)]],
  getThumbnail: [
    ['file', path],
    ['size', optional(int(16, 512))],
  ],
  exportWorklist: [['spec', worklistExportSpec]],
  exportModel: [
    ['modelId', id],
    ['destDir', path],
  ],
  importModel: [['dir', path]],
  openStudySet: [['paths', list(path, 10_000)]],
  summarizeStudy: [
    ['files', list(path, 500)],
    ['modelId', optional(id)],
  ],
  inspectDataset: [['dir', path]],
  // base / model: a model id, a model folder, 'active' or 'scratch'.
  startCalibration: [['spec', object({ data: path, model: optional(path), sensitivity: optional(finite), name: optional(name) })]],
  startAdaptation: [
    [
      'spec',
      object({
        data: path,
        model: optional(path),
        sensitivity: optional(finite),
        name: optional(name),
        epochs: optional(int(1, 100)),
        views: optional(int(1, 16)),
        trainBlocks: optional(oneOf(['layer4.1', 'layer4'])),
        seed: optional(int(0, 2 ** 31 - 1)),
      }),
    ],
  ],
  runningTraining: [],
  startTraining: [['spec', object({ data: path, base: optional(path), name: optional(name), options: optional(trainingOptions), onCancel: optional(oneOf(['discard', 'keep'])) })]],
  startEvaluation: [
    [
      'spec',
      object({
        data: path,
        model: optional(path),
        split: optional(oneOf(['train', 'val', 'test', 'all'])),
        reportDir: optional(path),
        topK: optional(int(0, 1000)),
        validationSplit: optional(object({ valFraction: finite, seed: int(0, 2 ** 31 - 1) })),
      }),
    ],
  ],
  defaultTrainingOptions: [['base', optional(path)]],
  previewTrainingData: [
    ['dir', path],
    ['split', optional(object({ valFraction: optional(finite), seed: optional(int(0, 2 ** 31 - 1)) }))],
  ],
};

/** Returns a plain-words problem with the arguments, or null when they are acceptable. */
export function checkArgs(method: keyof EngineApi, args: unknown[]): string | null {
  const rules = ARG_RULES[method];
  // Trailing undefined/null optionals are fine; extra arguments are not.
  let n = args.length;
  while (n > 0 && (args[n - 1] === undefined || args[n - 1] === null)) n--;
  if (n > rules.length) return `${method} takes at most ${rules.length} argument(s), got ${n}`;
  for (let i = 0; i < rules.length; i++) {
    const [argName, rule] = rules[i];
    const problem = rule(args[i], argName);
    if (problem) return `${method}: ${problem}`;
  }
  return null;
}
