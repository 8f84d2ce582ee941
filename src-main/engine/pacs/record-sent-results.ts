// `alveo pacs send` to a saved node: the Alveo results among the files it stored are recorded in
// pacs/sent.json as the app records its own sends, so the app then says "Sent to NODE at 14:05" and
// asks before a second copy goes to the PACS. Other files (images, anyone's DICOM) are not recorded.
import type { PacsNodeConfig } from '../../api/pacs';
import { readAlveoResult, type AlveoResultFile } from './alveo-results-in-study';
import { PacsHistory } from './pacs-history';
import { readRegularFile } from '../files/regular-file';

/** Records the results among `files` (stored on `node`), one record per image: how many, and what the history had to say (a damaged sent.json set aside). */
export async function recordSentResults(userDir: string, node: Pick<PacsNodeConfig, 'id' | 'name'>, files: readonly string[], at = new Date()): Promise<{ recorded: number; notices: string[] }> {
  const results: AlveoResultFile[] = [];
  for (const file of files) {
    const bytes = await readRegularFile(file).catch(() => null);
    const r = bytes && readAlveoResult(bytes);
    if (r?.studyInstanceUid && r.sopInstanceUid) results.push(r);
  }
  // The SR refers to its capture as well as to the image: only the image is what the result is for.
  const own = new Set(results.map((r) => r.sopInstanceUid));
  const byImage = new Map<string, { studyInstanceUid: string; image: string; sr: string; sc: string }>();
  for (const r of results) {
    for (const image of r.sources.filter((s) => !own.has(s))) {
      const key = `${r.studyInstanceUid}|${image}`;
      const entry = byImage.get(key) ?? { studyInstanceUid: r.studyInstanceUid, image, sr: '', sc: '' };
      if (r.kind === 'SR') entry.sr = r.sopInstanceUid;
      else entry.sc = r.sopInstanceUid;
      byImage.set(key, entry);
    }
  }
  const notices = await new PacsHistory(userDir).recordSentMany(
    [...byImage.values()].map((e) => ({ studyInstanceUid: e.studyInstanceUid, sopInstanceUid: e.image, nodeId: node.id, nodeName: node.name, at: at.toISOString(), srInstanceUid: e.sr, scInstanceUid: e.sc })),
  );
  return { recorded: byImage.size, notices };
}
