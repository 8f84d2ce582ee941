// What `npm start` says about fetching Electron's binary, kept apart from alveo-start.mjs so the
// tests can check the wording without a network: whether this Node can run Electron's downloader
// at all, and a download failure in plain words (not "TypeError: fetch failed").

export const SKIP_HINT = 'set ALVEO_SKIP_ELECTRON_DOWNLOAD=1 to stop trying';

function parts(version) {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

/**
 * The Node version Electron's package wants (its `engines.node`, e.g. ">= 22.12.0") when `node`
 * (process.versions.node) is below it, else null. Only a plain lower bound is understood; any
 * other range gives null, and the download is simply tried.
 */
export function nodeBelowEngines(enginesNode, node) {
  const m = /^\s*>=\s*(\d+(?:\.\d+){0,2})\s*$/.exec(enginesNode ?? '');
  const need = m && parts(m[1]);
  const have = parts(node);
  if (!need || !have) return null;
  for (let i = 0; i < 3; i++) {
    if (have[i] !== need[i]) return have[i] < need[i] ? m[1] : null;
  }
  return null;
}

const NO_NETWORK = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up/i;

/**
 * Why the downloader (a child process) failed, in a few words: its output, the spawn error
 * (a timeout shows as ETIMEDOUT there) and its exit status.
 */
export function downloadFailureInWords({ output = '', error, status, timeoutMinutes }) {
  if (error?.code === 'ETIMEDOUT') return `the download took over ${timeoutMinutes} minutes and was stopped`;
  const first = output.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at ')) ?? '';
  if (NO_NETWORK.test(output)) return `no network (${/fetch failed/i.test(first) ? 'fetch failed' : first.replace(/^\w*Error:\s*/, '')})`;
  const http = /HTTPError: Response code (\d+)/.exec(output);
  if (http) return `the download server answered HTTP ${http[1]}`;
  return first.replace(/^\w*Error:\s*/, '') || error?.message || `the downloader exited with code ${status}`;
}
