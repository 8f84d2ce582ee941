// The shape every CLI sub-command file exports as `command`.
export interface CliCommand {
  /** e.g. "predict FILE... [--model ID|DIR] [--json]" */
  usage: string;
  summary: string;
  /** Details for `alveo NAME --help` (options, examples), printed after the summary. */
  help?: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}
