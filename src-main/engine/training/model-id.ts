// A new model's id: from the name the user gave (letters, digits, '.', '_' and '-'; accented
// Latin letters spelled without their marks, German ones as ae/oe/ue/ss), else the caller's
// fallback (e.g. '<parent>-calibrated': a name in another script leaves nothing), else
// 'trained-<date>-<time>'; a taken id gets -2, -3, ... Taken means whatever case: on Windows and
// macOS 'Site-A' (an imported model keeps its case) and 'site-a' are one folder, and a clash found
// only when the model is saved would come after the whole run (review 29 F6). Folders the store
// cannot list (unreadable, half-written) are taken too.
import { readdir } from 'node:fs/promises';
import type { ModelStore } from '../model/model-store';

const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** `text` as id characters ('' when none is left: a name in Japanese or Hebrew). */
export function idFromName(text: string): string {
  return text
    .trim()
    .normalize('NFC')
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => GERMAN[c])
    // é → e, ñ → n: the letter without its combining marks.
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 56)
    .replace(/-+$/, '');
}

export async function newModelId(store: ModelStore, name: string | undefined, now: Date, fallback?: string): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = idFromName(name ?? '') || idFromName(fallback ?? '') || `trained-${stamp}`;
  const folders = await readdir(store.userModelsDir).catch(() => [] as string[]);
  const taken = new Set([...(await store.list()).map((e) => e.id), ...folders].map((id) => id.toLowerCase()));
  let id = base;
  for (let n = 2; taken.has(id.toLowerCase()); n++) id = `${base}-${n}`;
  return id;
}
