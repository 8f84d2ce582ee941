// dcmtk and dicom3tools, run as a reader independent of Alveo: dciodvfy validates a file against
// its IOD, dsrdump prints an SR's content tree, dcmdump prints attributes.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TOOLS = ['/usr/bin/dciodvfy', '/usr/bin/dsrdump', '/usr/bin/dcmdump'];

/** A skip reason when the tools are not installed (Debian: dicom3tools, dcmtk). */
export function dicomToolsMissing(): string | false {
  const missing = TOOLS.filter((t) => !existsSync(t));
  return missing.length ? `${missing.join(', ')} not installed (apt-get install dcmtk dicom3tools)` : false;
}

async function output(cmd: string, args: string[]): Promise<string> {
  try {
    const r = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** dciodvfy's "Error - ..." lines (warnings are not errors). */
export async function dciodvfyErrors(file: string): Promise<string[]> {
  const out = await output('dciodvfy', [file]);
  return out.split('\n').filter((l) => /^Error/.test(l));
}

/** dsrdump with long values, referenced instance UIDs and all codes printed. */
export function dsrdump(file: string): Promise<string> {
  return output('dsrdump', ['+Pl', '+Pu', '+Pc', file]);
}

/** One attribute's value as dcmdump prints it (between the brackets), '' when absent or empty. */
export async function dcmdumpValue(file: string, tag: string): Promise<string> {
  const out = await output('dcmdump', ['-Un', '+P', tag, file]);
  const m = /\[(.*)\]/.exec(out.split('\n')[0] ?? '');
  return m ? m[1] : '';
}
