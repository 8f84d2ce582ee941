// What every alveo command shares, applied once in main.ts so no command has to remember it:
// --help/-h prints the command's usage and exits 0; an unknown or malformed option exits 2 with
// the usage; the exit codes below; --json output is one JSON object per line.
import type { CliCommand } from './command';

export const EXIT = {
  ok: 0,
  /** Some inputs failed (each says why), or the command could not do its work. */
  failed: 1,
  /** Wrong usage: unknown option, missing argument, bad value. */
  usage: 2,
  /** Cancelled with Ctrl-C (what a shell reports for SIGINT); work already done is kept. */
  cancelled: 130,
} as const;

export const EXIT_CODES_TEXT = 'Exit codes: 0 ok, 1 some inputs failed, 2 usage error, 130 cancelled (Ctrl-C).';

/** --help or -h before any `--` (after it, arguments are the command's own). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `alveo NAME --help`: usage, what it does, its details if any, and the shared conventions. */
export function commandHelp(command: CliCommand): string {
  return [
    `usage: alveo ${command.usage}`,
    '',
    command.summary,
    ...(command.help ? ['', command.help.trimEnd()] : []),
    '',
    '  --help, -h   this help',
    ...(/--json\b/.test(command.usage) ? ['  --json       machine-readable output: one JSON object per line'] : []),
    '',
    EXIT_CODES_TEXT,
  ].join('\n');
}

/** node:util parseArgs errors (unknown option, missing value, unexpected argument) are usage errors. */
export function isUsageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** One JSON object on one line: what scripts reading --json output rely on. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
