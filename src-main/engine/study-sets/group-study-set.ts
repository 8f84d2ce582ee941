// Images -> studies -> series, by StudyInstanceUID and SeriesInstanceUID. A plain JPEG/PNG (or a
// DICOM without the UIDs) is a study of its own. Order: studies by date (then description), series
// by SeriesNumber, images by InstanceNumber, file name breaking ties.
import type { StudySet, StudySetImage, StudySetSeries, StudySetStudy } from '../../api/contract';
import type { ImageHeader } from './image-header';
import { isLateralView } from './lateral-view';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function whole(value: string | undefined): number | null {
  const n = Number.parseInt((value ?? '').trim(), 10);
  return Number.isFinite(n) ? n : null;
}

/** Numbers first, in order; missing numbers after them. */
function byNumber(a: number | null, b: number | null): number {
  if (a === null || b === null) return Number(a === null) - Number(b === null);
  return a - b;
}

function imageOf(h: ImageHeader): StudySetImage {
  const a = h.attributes;
  const view = (a.ViewPosition ?? '').trim();
  return {
    file: h.file,
    format: h.format,
    viewPosition: view,
    lateral: isLateralView(view),
    instanceNumber: whole(a.InstanceNumber),
    modality: (a.Modality ?? '').trim(),
    attributes: a,
  };
}

export function groupStudySet(headers: readonly ImageHeader[], errors: StudySet['errors'] = [], skipped: StudySet['skipped'] = []): StudySet {
  const studies = new Map<string, StudySetStudy & { time: string }>();
  const series = new Map<string, StudySetSeries>();
  for (const h of headers) {
    const a = h.attributes;
    const studyUid = a.StudyInstanceUID?.trim() || `file:${h.file}`;
    let study = studies.get(studyUid);
    if (!study) {
      const name = h.file.slice(Math.max(h.file.lastIndexOf('/'), h.file.lastIndexOf('\\')) + 1);
      study = { studyUid, description: a.StudyDescription?.trim() || (h.format === 'dicom' ? '' : name), date: a.StudyDate?.trim() ?? '', time: a.StudyTime?.trim() ?? '', series: [] };
      studies.set(studyUid, study);
    }
    const seriesUid = a.SeriesInstanceUID?.trim() || `file:${h.file}`;
    const key = `${studyUid}|${seriesUid}`;
    let s = series.get(key);
    if (!s) {
      s = { seriesUid, seriesNumber: whole(a.SeriesNumber), description: a.SeriesDescription?.trim() ?? '', modality: (a.Modality ?? '').trim(), images: [] };
      series.set(key, s);
      study.series.push(s);
    }
    s.images.push(imageOf(h));
  }
  const ordered = [...studies.values()].map(({ time, ...study }) => {
    for (const s of study.series) s.images.sort((x, y) => byNumber(x.instanceNumber, y.instanceNumber) || collator.compare(x.file, y.file));
    study.series.sort((x, y) => byNumber(x.seriesNumber, y.seriesNumber) || collator.compare(x.images[0].file, y.images[0].file));
    return { study, order: `${study.date || '99999999'}${time}` };
  });
  ordered.sort((x, y) => x.order.localeCompare(y.order) || collator.compare(x.study.series[0].images[0].file, y.study.series[0].images[0].file));
  return { studies: ordered.map((o) => o.study), errors: [...errors], skipped: [...skipped], images: headers.length };
}

/** Every image of the set in reading order (study, series, instance): what the thumbnail strip shows. */
export function studySetImages(set: StudySet): StudySetImage[] {
  return set.studies.flatMap((st) => st.series.flatMap((se) => se.images));
}
