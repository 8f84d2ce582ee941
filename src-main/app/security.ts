// Locks the shell down: no navigation, no new windows, no webviews, no permissions, and no
// network requests at all (the app is offline by design; patient images never leave the machine).
import { app, session, type Session } from 'electron';

export function hardenSession(isAllowedUrl: (url: string) => boolean, s: Session = session.defaultSession): void {
  s.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedUrl(details.url) });
  });
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.setDevicePermissionHandler(() => false);
  s.on('will-download', (event) => event.preventDefault());
}

export function hardenAllContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
