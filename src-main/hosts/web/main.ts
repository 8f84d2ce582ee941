// `npm run web`: the web host on 127.0.0.1 with a fresh session token, serving the renderer.
import { parseArgs } from 'node:util';
import { createEngine, repoRoot, sourceTreeDeps } from '../../engine/index';
import { ensureRenderer } from './ensure-renderer';
import { launchDir } from './launch-file';
import { startWebSession } from './web-session';

const USAGE = `alveo-web [--port N]

Serves the Alveo viewer on http://127.0.0.1 (this computer only). Open the printed address:
it carries this session's token; without it the page and the API refuse to answer. When the
output is not a terminal (a service's log), the token is left out and the private file holding
the full address is named instead.
  --port N   listen on port N (default: a free port)
  --open     also open it in the default browser ($BROWSER honoured), through a private
             launch file so that the token never shows in the list of processes
User data: ALVEO_HOME, else the OS's user folder (see README: "Where your data lives").`;

function parseOptions() {
  try {
    return parseArgs({ options: { port: { type: 'string' }, open: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    console.error(`alveo-web: ${(err as Error).message}\nusage: ${USAGE.split('\n')[0]}`);
    process.exit(2);
  }
}
const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`alveo-web: --port must be a number from 0 to 65535, got ${values.port}`);
  process.exit(2);
}

const rendererDir = await ensureRenderer(repoRoot());
const deps = { ...sourceTreeDeps(), door: 'web' as const };
const engine = createEngine(deps);
// A port in use is the user's to change: one line, no stack trace.
const session = await startWebSession({ engine, rendererDir, port, launchDir: launchDir(deps.userDir), open: values.open }).catch((err: unknown) => {
  console.error(`alveo-web: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

// Stopping waits for the engine's work; work stuck in the system (a read of a named pipe that
// never returns) must not keep the host alive after its server closed. Past this, it ends anyway.
const STOP_LIMIT_MS = 10_000;
const SIGNALS: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** File work still with the system's threads: process.exit waits for those threads, forever for a stuck one. */
const fileWorkPending = () => process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq'));

async function stop(signal: NodeJS.Signals): Promise<void> {
  // A second signal then meets the system's default and ends the process at once, as the CLI's
  // second Ctrl-C does: no handler of ours could run while process.exit waits on a stuck thread.
  for (const s of SIGNALS) process.off(s, onSignal);
  setTimeout(() => {
    console.error(`alveo-web: the engine's work did not end within ${STOP_LIMIT_MS / 1000} s of ${signal}; exiting without it`);
    // Ended by the signal's default action, as process.exit cannot (it waits on that work's
    // threads); the exit hooks (temporary folders) still run first.
    try {
      process.emit('exit', 1);
    } finally {
      process.kill(process.pid, signal);
    }
  }, STOP_LIMIT_MS).unref();
  await session.close();
  await engine.dispose();
  // A call still reading (not the engine's job, so dispose did not wait for it): let it finish.
  while (fileWorkPending()) await new Promise((wake) => setTimeout(wake, 100));
  process.exit(0);
}
// SIGHUP: terminal closed, still remove the launch file; SIGBREAK: Ctrl-Break on Windows.
const onSignal = (signal: NodeJS.Signals) => void stop(signal);
for (const s of SIGNALS) process.on(s, onSignal);
