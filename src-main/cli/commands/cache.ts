// alveo cache [--clear [--older-than DAYS]] [--json]
// What Alveo keeps of patients' data on its own (batch-score caches with DICOM attributes, studies
// retrieved from a PACS), and clearing it: for a retention rule, or a workstation handed on.
import { cachedPatientData, clearCachedPatientData, type CachedPatientData } from '../../engine/retention/cached-patient-data';
import { defaultUserDir } from '../../engine/engine-deps';
import { recordCliAction } from '../../engine/audit/audit-log';
import { engineVersion } from '../../engine/engine-version';
import { printJsonLine, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function describe(d: CachedPatientData): string[] {
  return [
    `batch-score caches: ${plural(d.scoreCaches.entries, 'image', 'images')} in ${plural(d.scoreCaches.files, 'file', 'files')}, ${megabytes(d.scoreCaches.bytes)} (scores with each image's DICOM attributes: names, IDs, dates)`,
    `PACS cache: ${plural(d.pacsStudies.studies, 'study', 'studies')}, ${megabytes(d.pacsStudies.bytes)} (retrieved images, whole)`,
    ...(d.readerReads?.reads ? [`readers' reads: ${plural(d.readerReads.reads, 'read', 'reads')} by ${plural(d.readerReads.readers, 'reader', 'readers')} (records, not a cache: kept by --clear; alveo reads --csv exports them)`] : []),
  ];
}

function describeRemoved(d: CachedPatientData): string[] {
  return [
    `removed from the batch-score caches: ${plural(d.scoreCaches.entries, "image's scores and attributes", "images' scores and attributes")} (${plural(d.scoreCaches.files, 'file', 'files')} deleted, ${megabytes(d.scoreCaches.bytes)})`,
    `removed from the PACS cache: ${plural(d.pacsStudies.studies, 'study', 'studies')} (${megabytes(d.pacsStudies.bytes)})`,
  ];
}

export const command = defineCommand({
  name: 'cache',
  summary: "show or clear what Alveo keeps of patients' data (score caches, PACS cache)",
  options: {
    clear: { type: 'boolean', help: 'remove them (scores are computed again, studies retrieved again when next needed)' },
    'older-than': { type: 'string', arg: 'DAYS', help: 'with --clear: only images last scored or used, and studies retrieved, more than DAYS days ago (a retention rule)' },
    json: { type: 'boolean', help: 'print what is cached ("action": "held") or what was removed ("action": "cleared") as one JSON object' },
  },
  help: [
    'Your own files are never touched: models, results written where you chose, CSVs. A batch run',
    'scoring in another Alveo process must end first. Run it from a scheduled task to keep a',
    'retention rule, e.g. alveo cache --clear --older-than 30.',
  ].join('\n'),
  async run({ values }) {
    const userDir = defaultUserDir();
    const days = values['older-than'];
    if (days !== undefined && !values.clear) throw new UsageError('--older-than goes with --clear');
    const olderThanDays = days === undefined ? undefined : Number(days);
    // Number('') is 0: an empty value would clear everything.
    if (olderThanDays !== undefined && !(days?.trim() && Number.isFinite(olderThanDays) && olderThanDays >= 0)) throw new UsageError(`--older-than takes a number of days (0 or more), not '${days}'`);
    if (!values.clear) {
      const now = await cachedPatientData(userDir);
      if (values.json) printJsonLine({ action: 'held', ...now });
      else for (const line of describe(now)) console.log(line);
      return 0;
    }
    const removed = await clearCachedPatientData(userDir, { olderThanDays });
    await recordCliAction(userDir, engineVersion, 'clearCachedPatientData', { ...(olderThanDays !== undefined ? { olderThanDays } : {}), ...removed });
    if (values.json) printJsonLine({ action: 'cleared', ...(olderThanDays !== undefined ? { olderThanDays } : {}), ...removed });
    else for (const line of describeRemoved(removed)) console.log(line);
    return 0;
  },
});
