// Where PACS retrieves land: <userDir>/pacs/cache/<StudyInstanceUID>/<SOPInstanceUID>.dcm. One
// definition for the retrieve job and for CSV naming, which recognises files from there.
import { join } from 'node:path';

export function pacsCacheDir(userDir: string): string {
  return join(userDir, 'pacs', 'cache');
}
