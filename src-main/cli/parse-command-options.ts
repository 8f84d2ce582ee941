// The --flag parsing every option-only command shares: node's parseArgs, and on a bad flag one
// line naming the command and the cause, then the usage (the caller exits 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flag values, or null after printing `alveo NAME: why` and `usage: alveo USAGE`. */
export function parseCommandOptions<const O extends Options>(argv: string[], options: O, usage: string) {
  return parseCommandArgs(argv, options, usage, false)?.values ?? null;
}

/** Flags and positional arguments (files, folders), or null after the same two lines. */
export function parseCommandArgs<const O extends Options>(argv: string[], options: O, usage: string, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals });
  } catch (err) {
    console.error(`alveo ${usage.split(' ')[0]}: ${(err as Error).message}\nusage: alveo ${usage}`);
    return null;
  }
}
