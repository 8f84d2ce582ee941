// Reading a JSON file the engine keeps (a store in the user folder, a model's side file) as an
// object, so a file holding `null`, a list or half a record is named with what is wrong instead
// of surfacing later as "Cannot read properties of null" with no file. Each caller checks the
// fields it relies on and throws damagedJson for the first that is wrong.
import { AlveoError } from '../../api/errors';
import { errnoInWords } from './errno-in-words';
import { readRegularFile } from './regular-file';

export type JsonObject = Record<string, unknown>;

/** How a file's errors name it: the subject of "… is damaged" and what the user can do about it. */
export interface JsonFileWords {
  /** e.g. "the PACS node list" */
  what: string;
  /** e.g. "move it away to start a new one" */
  advice?: string;
}

/**
 * Thrown for a file whose content is damaged, never for one that could not be read just now: a
 * store may set such a file aside and start again, where an unreadable one must not be replaced.
 */
export class DamagedJsonFile extends AlveoError {
  constructor(
    file: string,
    words: JsonFileWords,
    /** What is wrong, e.g. "it holds null, not a JSON object". */
    readonly problem: string,
  ) {
    super('CORRUPT', `${words.what} is damaged (${problem})${words.advice ? `: ${words.advice}` : ''}`, file);
    this.name = 'DamagedJsonFile';
  }
}

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parsed JSON value's kind in words, for "it holds null, not a JSON object" ('missing' for a field that is not there). */
export function jsonKind(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return typeof v;
}

/** `text`, read from `file`, as a JSON object; DamagedJsonFile naming the file and the cause otherwise. */
export function parseJsonObject(text: string, file: string, words: JsonFileWords): JsonObject {
  let value: unknown;
  try {
    // A byte-order mark (Windows Notepad) is not damage.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DamagedJsonFile(file, words, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isJsonObject(value)) throw new DamagedJsonFile(file, words, `it holds ${jsonKind(value)}, not a JSON object`);
  return value;
}

/**
 * The file as a JSON object; null when it does not exist. Any other read error (permission
 * denied, a failing disk) is an AlveoError naming the file: never taken for "no file", so a
 * store does not write over records it could not read.
 */
export async function readJsonObject(file: string, words: JsonFileWords): Promise<JsonObject | null> {
  let text: string;
  try {
    // A user folder a group shares may hold a named pipe planted in a store's place: refused, not waited on.
    text = await readRegularFile(file, 'utf8');
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AlveoError('CORRUPT', `${words.what} cannot be read (${errnoInWords(err)})`, file);
  }
  return parseJsonObject(text, file, words);
}

/**
 * A store file a newer Alveo wrote (a rollback after an upgrade): not damaged, and never to be
 * moved away or written over; this version cannot read it.
 */
export function newerFormat(file: string, what: string, found: number, known: number): AlveoError {
  return new AlveoError('UNSUPPORTED', `this ${what} file was written by a newer Alveo (format ${found}; this version reads up to ${known}): update Alveo to use it; the file is left as it is`, file);
}
