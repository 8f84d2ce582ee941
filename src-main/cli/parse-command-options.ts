// The one parser every command's argv goes through (main.ts, before the command runs): node's
// parseArgs, fed from the command's option table, so `--help` and the parser read the same table.
import { parseArgs } from 'node:util';
import type { CliCommand, ParsedCommandLine } from './command';
import { UsageError } from './cli-conventions';

type ParseOptions = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

/** Values and positionals; throws a usage error (exit 2) for an unknown, malformed or missing option. */
export function parseCommandLine(command: CliCommand, argv: string[]): ParsedCommandLine {
  const options: ParseOptions = {};
  for (const [flag, o] of Object.entries(command.options)) {
    options[flag] = o.type === 'boolean' ? { type: 'boolean', default: false } : { type: 'string', ...(o.default !== undefined ? { default: o.default } : {}) };
  }
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: command.args !== undefined, strict: true });
  for (const [flag, o] of Object.entries(command.options)) {
    if (o.required && values[flag] === undefined) throw new UsageError(`--${flag} is required`);
  }
  return { values: values as ParsedCommandLine['values'], positionals };
}
