// What every alveo command shares, applied once in main.ts so no command has to remember it:
// --help/-h prints the command's usage and options and exits 0; an unknown or malformed option exits 2 with
// the usage; the exit codes below; --json output is one JSON object per line.
import type { CliCommand } from './command';

export const EXIT = {
  ok: 0,
  /** Some inputs failed (each says why), or the command could not do its work at all (a missing
   * model, a full disk): scripts rely on the one code, so the stderr text tells the two apart. */
  failed: 1,
  /** Wrong usage: unknown option, missing argument, bad value. */
  usage: 2,
  /** Cancelled with Ctrl-C (what a shell reports for SIGINT); work already done is kept. SIGTERM
   * cancels alike with 143, SIGHUP with 129, a closed stdout with 141 (on-stop-request.ts). */
  cancelled: 130,
} as const;

export const EXIT_CODES_TEXT = [
  'Exit codes: 0 ok; 1 some inputs failed (each says why) or the whole run failed (e.g. a missing',
  'model, a full disk); 2 usage error; 130 cancelled by Ctrl-C, 143 by SIGTERM, 129 by SIGHUP (work',
  'already done is kept); 141 stdout closed (e.g. | head).',
].join('\n');

/** --help or -h before any `--` (after it, arguments are the command's own). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `alveo NAME --help`: usage, what it does, one line per option from its table, notes, exit codes. */
export function commandHelp(command: CliCommand): string {
  const rows: [string, string][] = Object.entries(command.options).map(([flag, o]) => [
    o.type === 'boolean' ? `--${flag}` : `--${flag} ${o.arg ?? 'VALUE'}`,
    `${o.help}${o.required ? ' (required)' : ''}${o.default !== undefined ? ` (default: ${o.default})` : ''}`,
  ]);
  rows.push(['--help, -h', 'this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `usage: alveo ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([left, text]) => `  ${left.padEnd(width)}${text}`),
    ...(command.help ? ['', command.help.trimEnd()] : []),
    '',
    EXIT_CODES_TEXT,
  ].join('\n');
}

/** Wrong usage found by a command itself (a missing FILE, a bad value): exit 2 with the usage. */
export class UsageError extends Error {}

/** node:util parseArgs errors (unknown option, missing value, unexpected argument) and UsageError. */
export function isUsageError(err: unknown): boolean {
  if (err instanceof UsageError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** One JSON object on one line: what scripts reading --json output rely on. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
