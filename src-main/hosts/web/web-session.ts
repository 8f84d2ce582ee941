// One run of `alveo-web`: the host, its launch file, what it tells the user, the browser it opens.
// The tokened address reaches the browser through the launch file only (see launch-file.ts), and
// is printed only to a terminal: a service's log (systemd journal) may be read by other users.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostedEngine } from '../hosted-engine';
import { writeLaunchFile, type LaunchFile } from './launch-file';
import { browserOutcomeMessage, openBrowser } from './open-browser';
import { startWebHost, type WebHost } from './server';

export interface WebSessionOptions {
  engine: HostedEngine;
  rendererDir: string;
  port?: number;
  /** Private folder for the launch file (launchDir()). */
  launchDir: string;
  /** Also open the default browser ($BROWSER honoured) on the launch file. */
  open?: boolean;
  /** Where the messages go; the token is printed only when it is a terminal. */
  out?: { write(text: string): unknown; isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface WebSession {
  host: WebHost;
  launchFile: LaunchFile;
  /** Settles once the browser's outcome is printed (at once without `open`); startup does not wait for it. */
  browserOpened: Promise<void>;
  /** Stops the host and deletes the launch file. */
  close(): Promise<void>;
}

export async function startWebSession(opts: WebSessionOptions): Promise<WebSession> {
  const out = opts.out ?? process.stdout;
  const host = await startWebHost({ engine: opts.engine, rendererDir: opts.rendererDir, port: opts.port });
  let launchFile: LaunchFile;
  try {
    launchFile = writeLaunchFile(host.url, opts.launchDir);
  } catch {
    // Not this account's folder (a user folder shared by several accounts, no XDG_RUNTIME_DIR): a
    // fresh private folder in the temp folder instead, rather than no host at all.
    try {
      const dir = mkdtempSync(join(tmpdir(), 'alveo-web-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      launchFile = writeLaunchFile(host.url, dir);
    } catch (err) {
      await host.close();
      throw err;
    }
  }
  out.write(`${startupMessage(host, launchFile, out.isTTY === true)}\n`);
  // Not awaited: the caller sets up Ctrl+C (which removes the launch file) while the opener runs.
  const fileUrl = launchFile.fileUrl;
  const browserOpened = opts.open
    ? openBrowser(fileUrl, opts.env, opts.platform).then(
        (outcome) => void out.write(`${browserOutcomeMessage(outcome, fileUrl)}\n`),
        () => void out.write(`No browser could be started: open ${fileUrl} in one.\n`),
      )
    : Promise.resolve();
  return {
    host,
    launchFile,
    browserOpened,
    close: async () => {
      launchFile.remove();
      await host.close();
    },
  };
}

export function startupMessage(host: WebHost, launchFile: LaunchFile, terminal: boolean): string {
  if (terminal) {
    return `Alveo is running. Open this address in a browser on this computer:\n\n  ${host.url}\n\nPress Ctrl+C to stop.`;
  }
  return (
    `Alveo is running on ${host.origin}/ (this computer only).\n` +
    `The address with this session's token is in ${launchFile.path} (readable by this user only): ` +
    `open that file in a browser, or copy the address from it.`
  );
}
