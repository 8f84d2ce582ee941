// <userDir>/settings.json: the few choices the app, the web host and the CLI share (the active
// model, the site policy). Written whole and atomically; keys a writer does not know are kept. A
// damaged file is an error, never read as empty: that would silently switch the active model (and
// its threshold) and the site policy back to the defaults.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AlveoError } from '../../api/errors';
import { writeJsonAtomic } from '../files/atomic-files';
import { errnoInWords } from '../files/errno-in-words';
import { withFileLock } from '../files/file-lock';
import { readRegularFile } from '../files/regular-file';
import { setAsideDamaged } from '../files/set-aside-damaged';

export type Settings = Record<string, unknown>;

export function settingsFile(userDir: string): string {
  return join(userDir, 'settings.json');
}

/** The settings; {} when there is no file yet. A file that cannot be read or parsed is an error naming it. */
export async function readSettings(userDir: string): Promise<Settings> {
  const file = settingsFile(userDir);
  let text: string;
  try {
    text = await readRegularFile(file, 'utf8'); // a named pipe in its place (a group-shared folder): refused, not waited on
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new AlveoError('CORRUPT', `the settings file cannot be read (${errnoInWords(err)}): Alveo will not guess the active model or the site policy`, file);
  }
  let value: unknown;
  try {
    // A byte-order mark (Windows Notepad) is not damage.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw damaged(file, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw damaged(file, 'does not hold a JSON object');
  return value as Settings;
}

/** Thrown for a file whose content is damaged (not for one that could not be read just now). */
class DamagedSettings extends AlveoError {}

function damaged(file: string, why: string): AlveoError {
  return new DamagedSettings(
    'CORRUPT',
    `the settings file ${why}: Alveo will not guess the active model or the site policy. Fix it; or make a model active again (Models tab), which starts a new settings file and keeps the damaged one beside it`,
    file,
  );
}

/**
 * Sets some keys, keeping the rest. A damaged file is an error, except with `replaceDamaged`
 * (choosing the active model: the one setting that must not be guessed, given explicitly): then it
 * is set aside (settings.json.damaged-<time>), never overwritten, and the new file starts from
 * `patch`. A file that merely could not be read just now is never set aside.
 */
export async function updateSettings(userDir: string, patch: Settings, opts: { replaceDamaged?: boolean } = {}): Promise<void> {
  await mkdir(userDir, { recursive: true });
  // The app and the CLI may both set something at once: neither change is lost.
  await withFileLock(settingsFile(userDir), () => updateNow(userDir, patch, opts));
}

async function updateNow(userDir: string, patch: Settings, opts: { replaceDamaged?: boolean }): Promise<void> {
  let current: Settings;
  try {
    current = await readSettings(userDir);
  } catch (err) {
    if (!(opts.replaceDamaged && err instanceof DamagedSettings)) throw err;
    await setAsideDamaged(settingsFile(userDir));
    current = {};
  }
  await writeJsonAtomic(settingsFile(userDir), { ...current, ...patch });
}
