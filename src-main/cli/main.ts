// alveo: one sub-command per file in ./commands; each exports `command: CliCommand`. What every
// command shares (--help, option parsing, unknown options, exit codes, --version) is applied here, once
// (cli-conventions.ts). Runs as source (tsx, tests) or built (out/node/<build>, commands/*.js).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { takeUnrecordedAuditNote } from '../engine/audit/audit-log';
import { repoRoot } from '../engine/engine-deps';
import { commandHelp, EXIT, EXIT_CODES_TEXT, isUsageError, wantsHelp } from './cli-conventions';
import { shortUsage, type CliCommand } from './command';
import { nearestName } from './nearest-name';
import { parseCommandLine } from './parse-command-options';
import { stopCause } from './on-stop-request';
import { ortThreadsNote } from './ort-threads-note';
import { watchClosedOutput } from './watch-closed-output';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

/** Command name -> its file (.ts from source, .js when built). */
function available(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of readdirSync(commandsDir).sort()) {
    const m = /^(.+)\.(ts|js)$/.exec(f);
    if (m && !f.endsWith('.d.ts')) files.set(m[1], join(commandsDir, f));
  }
  return files;
}

async function load(file: string): Promise<CliCommand> {
  const mod = (await import(pathToFileURL(file).href)) as { command: CliCommand };
  return mod.command;
}

async function usage(): Promise<string> {
  const lines = ['Alveo: chest X-ray pneumonia AI (research use, not a medical device)', '', 'Usage: alveo <command> [options]', '       alveo <command> --help', '       alveo --version', ''];
  for (const file of available().values()) {
    const c = await load(file);
    lines.push(`  ${shortUsage(c).padEnd(44)} ${c.summary}`);
  }
  lines.push('', EXIT_CODES_TEXT);
  return lines.join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(`alveo ${version()}`);
    return EXIT.ok;
  }
  const commands = available();
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const about = rest[0] && commands.get(rest[0]);
    console.log(about ? commandHelp(await load(about)) : await usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const file = commands.get(name);
  if (!file) {
    const near = nearestName(name, [...commands.keys()]);
    // A slip gets the one line; anything else the list of commands to choose from.
    console.error(near ? `alveo: unknown command '${name}' (did you mean ${near}?)\n(alveo --help lists the commands)` : `alveo: unknown command '${name}'\n\n${await usage()}`);
    return EXIT.usage;
  }
  const command = await load(file);
  if (wantsHelp(rest)) {
    console.log(commandHelp(command));
    return EXIT.ok;
  }
  const note = await ortThreadsNote();
  if (note) console.error(`alveo: ${note}`);
  try {
    // Parsed here with the command's own table, the one its --help lists.
    return await command.run(parseCommandLine(command, rest));
  } catch (err) {
    if (!isUsageError(err)) throw err;
    console.error(`alveo ${name}: ${(err as Error).message}\nusage: alveo ${command.usage}\n(alveo ${name} --help explains each option)`);
    return EXIT.usage;
  } finally {
    // Audit lines lost on the way (a full disk) did not stop the command: said once, as it ends.
    const unrecorded = takeUnrecordedAuditNote();
    if (unrecorded) console.error(`alveo ${name}: ${unrecorded}`);
  }
}

watchClosedOutput();
main(process.argv.slice(2)).then(
  (code) => {
    // A reader that left early (| head) did not get everything: say so as a shell would (141).
    process.exitCode = stopCause() === 'SIGPIPE' ? 141 : code;
  },
  (err: unknown) => {
    console.error(`alveo: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = EXIT.failed;
  },
);
