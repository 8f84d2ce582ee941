// The shape every CLI sub-command file exports as `command`. Its option table is the one thing
// both the parser (main.ts parses argv with it before `run`) and `--help` read, so the two cannot
// disagree about which options exist.

/** One --option: how it parses and its line in --help. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  /** The value's name in the usage and help, e.g. 'DIR' (string options; default 'VALUE'). */
  readonly arg?: string;
  /** Refused before `run` when missing; shown without brackets in the usage. */
  readonly required?: boolean;
  /** The value when the option is absent (string options; booleans are false). */
  readonly default?: string;
  /** One line for --help: what it does (the default is appended from `default`). */
  readonly help: string;
}

export type CliOptions = Readonly<Record<string, CliOption>>;

/** The parsed values: booleans always set, strings set when required or defaulted. */
export type OptionValues<O extends CliOptions> = {
  -readonly [K in keyof O]: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { required: true } | { default: string } ? string : string | undefined;
};

export interface ParsedCommandLine<O extends CliOptions = CliOptions> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface CommandSpec<O extends CliOptions> {
  /** The word after `alveo`; the same as the file name in ./commands. */
  name: string;
  /** The positional arguments as the usage shows them, e.g. 'FILE...'; none are allowed when absent. */
  args?: string;
  summary: string;
  options: O;
  /** Notes printed after the option list in --help (examples, value lists). */
  help?: string;
  /** Returns the process exit code. */
  run(parsed: ParsedCommandLine<O>): Promise<number>;
}

export interface CliCommand {
  name: string;
  args?: string;
  summary: string;
  options: CliOptions;
  help?: string;
  /** e.g. "predict FILE... [--model ID|DIR] [--json]", made from the option table. */
  usage: string;
  run(parsed: ParsedCommandLine): Promise<number>;
}

/** A command whose usage is written from its option table. */
export function defineCommand<const O extends CliOptions>(spec: CommandSpec<O>): CliCommand {
  return {
    name: spec.name,
    args: spec.args,
    summary: spec.summary,
    options: spec.options,
    help: spec.help,
    usage: usageLine(spec.name, spec.args, spec.options),
    // main.ts parsed argv with this very table (parse-command-options.ts), so the values fit O.
    run: (parsed) => spec.run(parsed as ParsedCommandLine<O>),
  };
}

/** NAME ARGS --required VALUE [--optional VALUE] [--flag]. */
export function usageLine(name: string, args: string | undefined, options: CliOptions): string {
  const parts = [name, ...(args ? [args] : [])];
  for (const [flag, o] of Object.entries(options)) {
    const word = o.type === 'boolean' ? `--${flag}` : `--${flag} ${o.arg ?? 'VALUE'}`;
    parts.push(o.required ? word : `[${word}]`);
  }
  return parts.join(' ');
}

/** NAME ARGS --required VALUE [options]: the one-line form the command list shows. */
export function shortUsage(command: CliCommand): string {
  const entries = Object.entries(command.options);
  const required = entries.filter(([, o]) => o.required).map(([flag, o]) => `--${flag} ${o.arg ?? 'VALUE'}`);
  const optional = entries.some(([, o]) => !o.required) ? ['[options]'] : [];
  return [command.name, ...(command.args ? [command.args] : []), ...required, ...optional].join(' ');
}
