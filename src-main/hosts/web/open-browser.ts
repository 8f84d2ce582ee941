// Opens an address in the user's default browser. $BROWSER wins (the Unix convention: a
// colon-separated list of commands, `%s` standing for the address, else the address appended);
// otherwise the platform's opener. Reports only what it can know: a command that exited non-zero
// within a moment failed (xdg-open with no browser to hand to), one that did not was asked, which
// is not the same as a window having opened; the caller then words it (browserOutcomeMessage).
// Every local user can read a process's arguments: never pass an address that carries a secret
// (the web host passes its launch file, see launch-file.ts).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface BrowserCommand {
  command: string;
  args: string[];
}

/** The commands to try, in order, for this environment. */
export function browserCommands(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserCommand[] {
  const fromEnv = (env.BROWSER ?? '')
    .split(platform === 'win32' ? ';' : ':')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): BrowserCommand => {
      const parts = entry.split(/\s+/);
      const hasSlot = parts.some((p) => p.includes('%s'));
      const args = parts.slice(1).map((p) => p.replaceAll('%s', url));
      return { command: parts[0], args: hasSlot ? args : [...args, url] };
    });
  if (fromEnv.length) return fromEnv;
  if (platform === 'darwin') return [{ command: 'open', args: [url] }];
  // Not `cmd /c start "" URL`: Node quotes the empty title as "\"\"" on the way to cmd, which does not
  // read backslashes as escapes (review 29 F7). The URL protocol handler takes the address as it is.
  if (platform === 'win32') return [{ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] }];
  return [{ command: 'xdg-open', args: [url] }];
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  const candidates = isAbsolute(command) || command.includes('/') ? [command] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, command));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What came of asking for a browser: the caller words it (browserOutcomeMessage). */
export type BrowserOutcome =
  /** Started, and it either exited 0 or was still running after the wait: asked, not known to be open. */
  | { kind: 'asked'; command: string }
  /** Every command tried failed; the last one's reason. */
  | { kind: 'failed'; command: string; why: string }
  /** Linux/BSD without $DISPLAY or $WAYLAND_DISPLAY: xdg-open cannot show anything, not tried. */
  | { kind: 'no-display' }
  | { kind: 'none' };

/** How long to wait for an opener's exit code: xdg-open and open hand over and exit within this. */
export const OPENER_WAIT_MS = 1500;

function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Starts a command detached; resolves null when it exited 0 or still runs after `waitMs`, else why it failed. */
function startAndWait(c: BrowserCommand, env: NodeJS.ProcessEnv, waitMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(c.command, c.args, { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined); // a browser that fails later must not take the host down
    const done = (why: string | null): void => {
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      child.unref();
      resolve(why);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      done(code === 0 ? null : code !== null ? `it exited with code ${code}` : `it was stopped by ${signal}`);
    const timer = setTimeout(() => done(null), waitMs); // a browser itself keeps running: fine
    child.once('exit', onExit);
    child.once('error', (err) => done(`it could not be started (${(err as NodeJS.ErrnoException).code ?? err.message})`));
  });
}

/**
 * Tries the browser commands in order until one does not fail within `waitMs`. $BROWSER is tried
 * even without a display (over SSH it may forward to the user's own machine, as VS Code's does);
 * the platform's opener is not.
 */
export async function openBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  waitMs = OPENER_WAIT_MS,
): Promise<BrowserOutcome> {
  if (!env.BROWSER?.trim() && !hasDisplay(env, platform)) return { kind: 'no-display' };
  let failed: BrowserOutcome | null = null;
  for (const c of browserCommands(url, env, platform)) {
    if (platform !== 'win32' && !onPath(c.command, env)) continue;
    const why = await startAndWait(c, env, waitMs);
    if (why === null) return { kind: 'asked', command: c.command };
    failed = { kind: 'failed', command: c.command, why };
  }
  return failed ?? { kind: 'none' };
}

/** One line for the user; `address` is what to open by hand when no browser is known to have it. */
export function browserOutcomeMessage(outcome: BrowserOutcome, address: string): string {
  switch (outcome.kind) {
    case 'asked':
      return `Asked ${outcome.command} to open it.`;
    case 'failed':
      return `${outcome.command} could not open it (${outcome.why}): open ${address} in a browser.`;
    case 'no-display':
      return `No graphical display here ($DISPLAY and $WAYLAND_DISPLAY are unset), so no browser was started: open ${address} in a browser.`;
    case 'none':
      return `No browser found to open it with: open ${address} in one.`;
  }
}
