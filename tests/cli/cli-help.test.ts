// Every command's --help lists every option its parser accepts, one line each, and nothing else:
// both come from the command's option table (main.ts parses argv with it). The usage line
// brackets exactly the optional ones. Also the reviewer's cases: pacs, calibrate, train, evaluate.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { commandHelp, isUsageError } from '../../src-main/cli/cli-conventions';
import type { CliCommand } from '../../src-main/cli/command';
import { REPO_ROOT, runCli } from './support/run-cli';

const COMMANDS_DIR = join(REPO_ROOT, 'src-main/cli/commands');
const NAMES = readdirSync(COMMANDS_DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3));

async function load(name: string): Promise<CliCommand> {
  return ((await import(pathToFileURL(join(COMMANDS_DIR, `${name}.ts`)).href)) as { command: CliCommand }).command;
}

/** The flags on the option lines of a help text ("  --flag VALUE   what it does"). */
function helpFlags(help: string): string[] {
  return help
    .split('\n')
    .filter((l) => /^ {2}--[a-z]/.test(l))
    .map((l) => /^ {2}--([a-z][a-z0-9-]*)/.exec(l)![1]);
}

test('every command: --help has one line per option the parser accepts, and no option it refuses', async () => {
  assert.ok(NAMES.length >= 10);
  const { parseCommandLine } = await import('../../src-main/cli/parse-command-options');
  for (const name of NAMES) {
    const command = await load(name);
    assert.equal(command.name, name, `${name}.ts declares its own name`);
    assert.ok(command.options, `${name}: declares its option table`);
    const help = commandHelp(command);
    const listed = helpFlags(help);
    assert.equal(new Set(listed).size, listed.length, `${name}: each option listed once\n${help}`);
    assert.deepEqual([...listed].sort(), [...Object.keys(command.options), 'help'].sort(), `${name}: help lists exactly the parser's options\n${help}`);
    // What is required, given or needed to reach each option: FILE-like arguments and required options.
    const required = Object.entries(command.options).flatMap(([flag, o]) => (o.required ? [`--${flag}`, 'x'] : []));
    const positional = command.args ? ['x'] : [];
    for (const [flag, o] of Object.entries(command.options)) {
      const given = o.type === 'boolean' ? [`--${flag}`] : [`--${flag}`, 'v'];
      assert.doesNotThrow(() => parseCommandLine(command, [...positional, ...required, ...given]), `${name}: the parser takes --${flag}`);
      const bracketed = command.usage.includes(`[--${flag}`);
      assert.equal(bracketed, !o.required, `${name}: usage '${command.usage}' brackets --${flag} only when optional`);
      assert.ok(o.help.trim().length > 0 && !o.help.includes('\n'), `${name} --${flag}: one line of help`);
    }
    assert.throws(() => parseCommandLine(command, [...positional, ...required, '--not-in-the-table']), isUsageError, `${name}: refuses an option not in its table`);
  }
});

test('the options the reviewer missed: pacs, calibrate --name, train --keep-on-cancel; evaluate --json optional', async () => {
  const pacs = await runCli(['pacs', '--help'], {});
  assert.equal(pacs.code, 0, pacs.stderr);
  for (const flag of ['--server', '--patient-id', '--date', '--modality', '--limit', '--out', '--calling-ae', '--timeout', '--user', '--ca', '--insecure', '--move-port']) {
    assert.match(pacs.stdout, new RegExp(`\\n {2}${flag}\\b.*\\S{3}`), `pacs --help explains ${flag}`);
  }
  assert.match(pacs.stdout, /alveo pacs get --server S STUDY_UID --out DIR/);
  const calibrate = await runCli(['calibrate', '--help'], {});
  assert.match(calibrate.stdout, /\n {2}--name NAME +\S/);
  const train = await runCli(['train', '--help'], {});
  assert.match(train.stdout, /\n {2}--keep-on-cancel +\S/);
  const evaluate = await runCli(['evaluate', '--help'], {});
  assert.match(evaluate.stdout, /^usage: alveo evaluate --data DIR .*\[--json\]/);
  assert.match(evaluate.stdout, /--top-k N +.*\(default: 12\)/);
});

test('a missing required option is a usage error naming it (exit 2); the top-level help lists every command with its summary', async () => {
  const r = await runCli(['calibrate'], {});
  assert.equal(r.code, 2);
  assert.match(r.stderr, /alveo calibrate: --data is required\nusage: alveo calibrate --data DIR /);
  const all = await runCli(['--help'], {});
  assert.equal(all.code, 0);
  for (const name of NAMES) {
    const command = await load(name);
    assert.match(all.stdout, new RegExp(`\\n {2}${name}\\b.* ${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), name);
  }
});
