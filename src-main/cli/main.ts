// alveo: one sub-command per file in ./commands; each exports `command: CliCommand`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from './command';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function available(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<CliCommand> {
  const mod = (await import(join(commandsDir, `${name}.ts`))) as { command: CliCommand };
  return mod.command;
}

async function usage(): Promise<string> {
  const lines = ['Alveo: chest X-ray pneumonia AI (research use, not a medical device)', '', 'Usage: alveo <command> [options]', ''];
  for (const name of available()) {
    const c = await load(name);
    lines.push(`  ${c.usage.padEnd(64)} ${c.summary}`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  if (!available().includes(name)) {
    console.error(`alveo: unknown command '${name}'\n\n${await usage()}`);
    return 2;
  }
  const command = await load(name);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`alveo: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
