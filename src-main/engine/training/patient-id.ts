// Which patient an image belongs to, so no patient is split across training and validation.
// Kermany names carry it: person123_bacteria_456 -> person123, IM-0001-0001 -> IM-0001,
// NORMAL2-IM-0123-0001 -> NORMAL2-IM-0123 (extra -NNNN parts are further images of the patient).
import { basename, extname } from 'node:path';

const KERMANY_PATTERNS: RegExp[] = [
  /^(person\d+)_(?:bacteria|virus)(?:_\d+)+$/i,
  /^(NORMAL\d*-IM-\d+)(?:-\d+)+$/i,
  /^(IM-\d+)(?:-\d+)+$/i,
];

/** The patient a Kermany-style file name names, or null when the name has no such pattern. */
export function kermanyPatientId(file: string): string | null {
  const stem = basename(file, extname(file));
  for (const re of KERMANY_PATTERNS) {
    const m = re.exec(stem);
    if (m) return m[1];
  }
  return null;
}
