// <userDir>/settings.json: the few choices the app, the web host and the CLI share (the active
// model, the site policy). Written whole and atomically; keys a writer does not know are kept.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic-files';

export type Settings = Record<string, unknown>;

export function settingsFile(userDir: string): string {
  return join(userDir, 'settings.json');
}

/** The settings, or {} when the file is absent, unreadable or not an object. */
export async function readSettings(userDir: string): Promise<Settings> {
  try {
    const value = JSON.parse(await readFile(settingsFile(userDir), 'utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Settings) : {};
  } catch {
    return {};
  }
}

/** Sets some keys, keeping the rest. */
export async function updateSettings(userDir: string, patch: Settings): Promise<void> {
  const settings = { ...(await readSettings(userDir)), ...patch };
  await mkdir(userDir, { recursive: true });
  await writeJsonAtomic(settingsFile(userDir), settings);
}
