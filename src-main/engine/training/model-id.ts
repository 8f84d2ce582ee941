// A new model's id: from the name the user gave (letters, digits, '.', '_' and '-'), else
// 'trained-<date>-<time>'; a taken id gets -2, -3, ...
import type { ModelStore } from '../model/model-store';

export async function newModelId(store: ModelStore, name: string | undefined, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const fromName = (name ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 56);
  const base = fromName || `trained-${stamp}`;
  const taken = new Set((await store.list()).map((e) => e.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
