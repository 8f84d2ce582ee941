// The one parser every command's argv goes through (main.ts, before the command runs): node's
// parseArgs, fed from the command's option table, so `--help` and the parser read the same table.
import { parseArgs } from 'node:util';
import type { CliCommand, ParsedCommandLine } from './command';
import { UsageError } from './cli-conventions';
import { nearestName } from './nearest-name';

type ParseOptions = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

/** Values and positionals; throws a usage error (exit 2) for an unknown, malformed or missing option. */
export function parseCommandLine(command: CliCommand, argv: string[]): ParsedCommandLine {
  const options: ParseOptions = {};
  for (const [flag, o] of Object.entries(command.options)) {
    options[flag] = o.type === 'boolean' ? { type: 'boolean', default: false } : { type: 'string', ...(o.default !== undefined ? { default: o.default } : {}) };
  }
  const { values, positionals } = parseStrict(command, argv, options);
  for (const [flag, o] of Object.entries(command.options)) {
    if (o.required && values[flag] === undefined) throw new UsageError(`--${flag} is required`);
  }
  return { values: values as ParsedCommandLine['values'], positionals };
}

function parseStrict(command: CliCommand, argv: string[], options: ParseOptions): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: command.args !== undefined, strict: true });
  } catch (err) {
    const unknown = (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /^Unknown option '([^']+)'/.exec((err as Error).message);
    if (!unknown) throw err;
    throw new UsageError(unknownOptionMessage(command, unknown[1]));
  }
}

/** Node's own text has an unbalanced quote and no suggestion: "unknown option '--jsn' (did you mean --json?)". */
export function unknownOptionMessage(command: CliCommand, option: string): string {
  const name = option.replace(/^-+/, '').replace(/=.*$/, '');
  const near = option.startsWith('--') || name.length > 1 ? nearestName(name, [...Object.keys(command.options), 'help']) : null;
  if (near) return `unknown option '${option}' (did you mean --${near}?)`;
  // A file whose name starts with '-' is read as an option; '--' ends the options.
  return command.args !== undefined ? `unknown option '${option}' (a file name that starts with '-' goes after '--')` : `unknown option '${option}'`;
}
