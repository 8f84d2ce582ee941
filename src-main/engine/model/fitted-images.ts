// Which images a model was fitted on, by content, kept in its folder (fitted-images.json): an
// evaluation then finds them wherever they are (a copy, a folder of links, the model exported and
// imported elsewhere) and counts exactly those, even after the training folder has changed. Keys
// are the first 16 hex digits of each file's SHA-256 (the import hashes every file already): no
// path and no name travel with an exported model, though whoever holds an image can tell from its
// key whether the model was fitted on it. A model made from
// another keeps its parent's sets as 'ancestor'. The shipped model, trained on resized copies of
// Kermany's images, lists the copies' keys (a renamed copy of them is caught) and, for Kermany's
// originals, which users hold and whose bytes differ, their file names.
import { join } from 'node:path';
import { readRegularFile } from '../files/regular-file';

export const FITTED_IMAGES_JSON = 'fitted-images.json';

/**
 * training: its weights learnt them; validation: they chose its epoch and threshold (unless the
 * set's role says otherwise); fitted: one or the other, not told apart; site: calibrated or
 * adapted on them; ancestor: a model it grew from was fitted on them.
 */
export type FittedKind = 'training' | 'validation' | 'fitted' | 'site' | 'ancestor';

export interface FittedSet {
  kind: FittedKind;
  /** First 16 hex digits of each image file's SHA-256. */
  content: string[];
  /** Base names of the images, for copies whose bytes differ (Kermany's originals of the shipped model's resized images). */
  names?: string[];
  /**
   * What these images did, in words, where more is known than the kind says: the shipped model's
   * shifted validation chose its checkpoint and threshold, its in-cohort validation did not.
   */
  role?: string;
}

export interface FittedImages {
  format: 1;
  sets: FittedSet[];
}

export const contentKey = (sha256hex: string): string => sha256hex.slice(0, 16);

/** The record in a model folder; null for a model that has none (older models: the folder-path check stands in). */
export async function readFittedImages(dir: string): Promise<FittedImages | null> {
  try {
    const v = JSON.parse(await readRegularFile(join(dir, FITTED_IMAGES_JSON), 'utf8')) as Partial<FittedImages>;
    if (v.format !== 1 || !Array.isArray(v.sets)) return null;
    const kinds: FittedKind[] = ['training', 'validation', 'fitted', 'site', 'ancestor'];
    const sets = v.sets.filter((s): s is FittedSet => Boolean(s) && kinds.includes(s.kind) && Array.isArray(s.content));
    return {
      format: 1,
      sets: sets.map((s) => ({
        kind: s.kind,
        content: s.content.filter((c) => typeof c === 'string'),
        ...(Array.isArray(s.names) ? { names: s.names.filter((n) => typeof n === 'string') } : {}),
        ...(typeof s.role === 'string' && s.role ? { role: s.role } : {}),
      })),
    };
  } catch {
    return null;
  }
}

/** A new model's record: its own sets, then everything its parent was fitted on, as 'ancestor'. */
export function fittedImages(own: { kind: Exclude<FittedKind, 'ancestor'>; sha256: readonly string[] }[], parent: FittedImages | null): FittedImages {
  const sets: FittedSet[] = own.filter((s) => s.sha256.length).map((s) => ({ kind: s.kind, content: [...new Set(s.sha256.map(contentKey))].sort() }));
  const inherited = parent?.sets ?? [];
  const content = [...new Set(inherited.flatMap((s) => s.content))].sort();
  const names = [...new Set(inherited.flatMap((s) => s.names ?? []))].sort();
  if (content.length || names.length) sets.push({ kind: 'ancestor', content, ...(names.length ? { names } : {}) });
  return { format: 1, sets };
}

/** The evaluated images one set (or several alike: same kind and role) holds. */
export interface FittedMatch {
  kind: FittedKind;
  role?: string;
  n: number;
}

/**
 * How many of the evaluated images each set holds (by content, or by name where a set lists
 * names; sets of one kind and role summed), and which of the two recognised any: a warning must
 * not say "by content" when only a name matched.
 */
export function fittedCounts(record: FittedImages, evaluated: readonly { file: string; sha256: string }[]): { matches: FittedMatch[]; byContent: boolean; byName: boolean } {
  const matches: FittedMatch[] = [];
  let byContent = false;
  let byName = false;
  for (const set of record.sets) {
    const content = new Set(set.content);
    const names = new Set(set.names ?? []);
    let n = 0;
    for (const it of evaluated) {
      if (content.has(contentKey(it.sha256))) {
        n++;
        byContent = true;
      } else if (names.has(baseName(it.file))) {
        n++;
        byName = true;
      }
    }
    if (!n) continue;
    const same = matches.find((m) => m.kind === set.kind && m.role === set.role);
    if (same) same.n += n;
    else matches.push({ kind: set.kind, ...(set.role ? { role: set.role } : {}), n });
  }
  return { matches, byContent, byName };
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
