// alveo study PATH... [--model ID|DIR] [--json]
// Folders, files and DICOMDIRs grouped into studies and series (by their UIDs), each image with
// its probability and warnings (an answer with warnings marked HELD BACK, as predict marks it;
// --json gives each image a `status`, as score's CSV does), and each study's summary: the highest
// probability among its frontal images, laterals and images outside the model's intended use not
// counted. What was
// not opened is listed with why (the text says so when nothing was found). Exit 1 when any file
// could not be read or scored, or none was an image.
import type { StudySet, StudySummary, StudySummaryImage } from '../../api/contract';
import { heldBack } from '../../api/held-back';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { resolveModelEntry } from '../../engine/engine-models';
import { missingGuardrailNote } from '../missing-guardrail-note';

export const command = defineCommand({
  name: 'study',
  args: 'PATH...',
  summary: 'group into studies/series; per-image model score and study summary',
  options: {
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    json: { type: 'boolean', help: 'print the study set and summaries as one JSON object' },
  },
  async run({ values, positionals: paths }) {
    if (paths.length === 0) throw new UsageError('give at least one PATH (file, folder or DICOMDIR)');
    const args = { paths, model: values.model, json: values.json };
    const engine = createEngine(sourceTreeDeps());
    try {
      const set = await engine.openStudySet(args.paths);
      if (set.images > 0) {
        const note = await resolveModelEntry(engine.store, args.model).then(missingGuardrailNote, () => null);
        if (note) console.error(note);
      }
      const summaries: StudySummary[] = [];
      for (const study of set.studies) {
        summaries.push(await engine.summarizeStudy(study.series.flatMap((s) => s.images.map((i) => i.file)), args.model));
      }
      if (args.json) console.log(JSON.stringify({ ...set, summaries: summaries.map((s) => ({ ...s, images: s.images.map((im) => ({ ...im, status: statusOf(im) })) })) }));
      else print(set, summaries, args.paths);
      // Exit codes (cli-conventions.ts): 1 when any file could not be read or scored, or none was an image.
      const imageFailed = summaries.some((s) => s.images.some((i) => i.error !== null));
      return set.errors.length > 0 || set.images === 0 || imageFailed ? 1 : 0;
    } catch (err) {
      console.error(`alveo study: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});

function print(set: StudySet, summaries: StudySummary[], paths: readonly string[]): void {
  if (set.images === 0) console.log(nothingFound(set, paths));
  set.studies.forEach((study, i) => {
    const name = study.studyUid.startsWith('file:') ? 'image' : `study ${study.studyUid}`;
    console.log(`${name}${study.date ? ` ${study.date}` : ''}${study.description ? ` ${study.description}` : ''}`);
    const byFile = new Map(summaries[i].images.map((im) => [im.file, im]));
    for (const series of study.series) {
      if (!series.seriesUid.startsWith('file:')) console.log(`  series ${series.seriesNumber ?? '-'} ${series.modality} ${series.description}`.trimEnd());
      for (const image of series.images) {
        const r = byFile.get(image.file);
        console.log(`    ${image.file} ${image.viewPosition || '-'}  ${r ? answerText(r) : ''}`);
      }
    }
    console.log(`  ${summaries[i].text}`);
  });
  for (const e of set.errors) console.log(`${e.file}: error: ${e.error}`);
  // As --json lists them: a file left out is named with why, never dropped in silence.
  for (const s of set.skipped) console.log(`${s.file}: skipped: ${s.reason}`);
}

/** The first line when no image was found: an empty folder and a folder of non-images read apart. */
function nothingFound(set: StudySet, paths: readonly string[]): string {
  const where = paths.join(', ');
  const parts = [
    set.errors.length ? `${set.errors.length} could not be read` : '',
    set.skipped.length ? `${set.skipped.length} skipped` : '',
  ].filter(Boolean);
  return `no images found in ${where}${parts.length ? `: ${parts.join(', ')} (listed below)` : ' (nothing there to read)'}`;
}

/** As score's CSV `status` column: 'held back' where every screen holds the answer back. */
function statusOf(im: StudySummaryImage): 'ok' | 'held back' | 'failed' {
  return im.error ? 'failed' : heldBack(im) ? 'held back' : 'ok';
}

/** One image's answer, worded as predict words it: a held-back answer is not shown as a finding. */
function answerText(im: StudySummaryImage): string {
  if (im.error) return `error: ${im.error}`;
  const p = im.probability;
  if (!heldBack(im)) return p !== null ? `${p.toFixed(3)} ${im.label}` : '';
  return `HELD BACK${p !== null ? ` (model output ${im.label} ${p.toFixed(3)})` : ''}  WARNING: ${im.warnings.join('; ')}`;
}
