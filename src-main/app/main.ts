// Electron shell (thin): one locked-down window, the engine bound to IPC, a menu, the open
// dialog, and recent studies. All real work is the engine's.
import { app, ipcMain, Menu } from 'electron';
import { join } from 'node:path';
import type { HostCommand } from '../api/host-events';
import { IPC_OPEN_DIALOG_CHANNEL } from '../api/transport';
import { createEngine, defaultUserDir } from '../engine/index';
import { bindIpc, sendEvent } from '../hosts/ipc';
import { buildAppMenu } from './app-menu';
import { filesInArgv } from './files-in-argv';
import { createMainWindow } from './main-window';
import { chooseStudyFiles } from './open-dialog';
import { RecentStudies } from './recent-studies';
import { safeStorageSecrets } from './safe-storage-secrets';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './renderer-protocol';
import { hardenAllContents, hardenSession } from './security';
import { urlAtOrigin } from './url-at-origin';

const here = import.meta.dirname; // out/main
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const pageUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
const isTrustedUrl = (url: string) => urlAtOrigin(url, APP_ORIGIN) || Boolean(devUrl && urlAtOrigin(url, devUrl));
const isAllowedRequest = (url: string) =>
  isTrustedUrl(url) || url.startsWith('devtools://') || Boolean(devUrl && urlAtOrigin(url, devUrl, 'ws'));

// The user folder the CLI and the web host use too (ALVEO_HOME, else the OS's, see user-dir.ts);
// what Electron's default userData folder held before is moved into it once.
app.setPath('userData', defaultUserDir([app.getPath('userData')]));
registerAppScheme();
hardenAllContents();
// macOS never names a file on the command line: Finder ("Open With", a double-clicked .dcm) and the
// Dock's recent documents send 'open-file', also before the app is ready. Kept until the page loads.
const openedBeforeLoad: string[] = [];
let openFromOs: ((files: string[]) => void) | null = null;
// Finder sends one event per file of a multi-file open: those arriving together open as one set.
let arriving: string[] = [];
let arrivingTimer: NodeJS.Timeout | null = null;
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (!openFromOs) {
    openedBeforeLoad.push(path);
    return;
  }
  arriving.push(path);
  arrivingTimer ??= setTimeout(() => {
    const files = arriving;
    arriving = [];
    arrivingTimer = null;
    openFromOs?.(files);
  }, 150);
});
// A second launch hands its files to the running window (see 'second-instance') and quits.
if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

function start(): void {
  hardenSession(isAllowedRequest);
  serveRenderer(join(here, '../renderer'));
  const engine = createEngine({
    builtInModelsDir: app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models'),
    userDir: app.getPath('userData'),
    // Worker threads cannot load from inside app.asar: electron-builder unpacks out/main.
    workerDir: here.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'),
    version: app.getVersion(),
    secrets: safeStorageSecrets(),
    door: 'app',
  });
  const recent = new RecentStudies(app.getPath('userData'));
  const openFiles = (files: string[]) => files.length && sendEvent({ type: 'host:open-files', files }, { isTrustedUrl });
  const command = (c: HostCommand['command']) => sendEvent({ type: 'host:command', command: c }, { isTrustedUrl });
  const refreshMenu = () =>
    Menu.setApplicationMenu(
      buildAppMenu(recent.list(), {
        open: () => void chooseStudyFiles().then(openFiles),
        openFile: (f) => openFiles([f]),
        clearRecent: () => void recent.clear().then(refreshMenu),
        command,
      }),
    );
  bindIpc(engine, {
    isTrustedUrl,
    afterCall: (method, args) => {
      if (method === 'openStudy' && typeof args[0] === 'string') void recent.add(args[0]).then(refreshMenu, () => undefined);
    },
  });
  ipcMain.handle(IPC_OPEN_DIALOG_CHANNEL, (event) => (isTrustedUrl(event.senderFrame?.url ?? '') ? chooseStudyFiles() : []));
  refreshMenu();
  const win = createMainWindow(join(here, '../preload/index.cjs'), pageUrl);
  win.webContents.once('did-finish-load', () => {
    openFiles([...filesInArgv(process.argv, process.cwd()), ...openedBeforeLoad.splice(0)]);
    openFromOs = (files) => {
      win.isMinimized() && win.restore();
      win.focus();
      openFiles(files);
    };
  });
  app.on('second-instance', (_e, argv, workingDirectory) => {
    win.isMinimized() && win.restore();
    win.focus();
    openFiles(filesInArgv(argv, workingDirectory));
  });
  app.on('window-all-closed', () => {
    void engine.dispose().finally(() => app.quit());
  });
}
