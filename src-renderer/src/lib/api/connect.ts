// Picks the door the page was opened through and returns the typed client plus what that door can do.
import { createApiClient, type ApiClient } from './create-api-client';
import { electronBridge } from './electron-transport';
import { createWebTransport, takeSessionToken } from './web-transport';

export interface HostCapabilities {
  kind: 'electron' | 'web';
  /** Native open dialog (Electron); the web UI offers a path field instead. */
  openFileDialog?: () => Promise<string[]>;
  /** Path of a dropped file (Electron); browsers do not reveal paths. */
  pathForFile?: (file: File) => string;
}

export function connect(): { api: ApiClient; host: HostCapabilities } | { error: string } {
  const bridge = electronBridge();
  if (bridge) {
    return {
      api: createApiClient(bridge),
      host: { kind: 'electron', openFileDialog: () => bridge.openFileDialog(), pathForFile: (f) => bridge.pathForFile(f) },
    };
  }
  const token = takeSessionToken();
  if (!token) return { error: 'This page needs the address Alveo printed when it started (it carries a session token).' };
  return { api: createApiClient(createWebTransport(token)), host: { kind: 'web' } };
}
