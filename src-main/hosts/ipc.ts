// Electron door: one invoke channel for calls, one send channel for events. Calls are accepted
// only from our own page (the app:// renderer), never from any other frame.
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ApiEvent } from '../api/transport';
import { dispatch } from './dispatch';
import type { HostedEngine } from './hosted-engine';


export interface IpcBindingOptions {
  /** True when the frame that sent a call is our renderer. */
  isTrustedUrl(url: string): boolean;
  /** Told after each successful call (the shell records opened studies as recent). */
  afterCall?(method: string, args: unknown[], value: unknown): void;
}

export function bindIpc(engine: HostedEngine, opts: IpcBindingOptions): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!opts.isTrustedUrl(url)) {
      return { ok: false, error: { code: 'BAD_ARGUMENT', message: 'call from an untrusted frame refused' } };
    }
    const envelope = await dispatch(engine, method, args);
    if (envelope.ok && Array.isArray(args)) opts.afterCall?.(String(method), args, envelope.value);
    return envelope;
  });
  const unsubscribe = engine.subscribe((e) => sendEvent(e, opts));
  const unsubscribeNotices = engine.onNotice?.((n) => sendEvent(n, opts)) ?? (() => undefined);
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
    unsubscribeNotices();
  };
}

/** Sends an event to every window showing our renderer. */
export function sendEvent(event: ApiEvent, opts: Pick<IpcBindingOptions, 'isTrustedUrl'>): void {
  for (const wc of webContents.getAllWebContents()) {
    if (!wc.isDestroyed() && opts.isTrustedUrl(wc.getURL())) wc.send(IPC_EVENT_CHANNEL, event);
  }
}
