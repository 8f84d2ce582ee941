// Opens an address in the user's default browser. $BROWSER wins (the Unix convention: a
// colon-separated list of commands, `%s` standing for the address, else the address appended);
// otherwise the platform's opener. Says which command it used, or null when there is none, so
// the caller can tell the user to open the printed address themselves.
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
  if (platform === 'win32') return [{ command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] }];
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

/** Starts the first available browser command (detached); returns it, or null when none exists. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserCommand | null {
  for (const c of browserCommands(url, env, platform)) {
    if (platform !== 'win32' && !onPath(c.command, env)) continue;
    const child = spawn(c.command, c.args, { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined); // a browser that fails to start must not take the host down
    child.unref();
    return c;
  }
  return null;
}
