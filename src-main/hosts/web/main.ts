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
const session = await startWebSession({ engine, rendererDir, port, launchDir: launchDir(deps.userDir), open: values.open });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await session.close();
  await engine.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGHUP', () => void stop()); // terminal closed: still remove the launch file
if (process.platform === 'win32') process.on('SIGBREAK', () => void stop()); // Ctrl-Break
