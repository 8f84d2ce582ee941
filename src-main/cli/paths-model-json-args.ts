// The arguments `predict` and `study` share: PATH... [--model ID|DIR] [--json].
import { parseArgs } from 'node:util';

export interface PathsModelJsonArgs {
  paths: string[];
  model: string | undefined;
  json: boolean;
}

/** The parsed arguments, or null after printing the usage when no path is given (exit code 2). */
export function parsePathsModelJsonArgs(argv: string[], usage: string): PathsModelJsonArgs | null {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { model: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) {
    console.error(`usage: alveo ${usage}`);
    return null;
  }
  return { paths: positionals, model: values.model, json: values.json };
}
