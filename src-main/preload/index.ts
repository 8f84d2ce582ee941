// The only bridge between the page and Electron: { call, onEvent } for the engine API, plus the
// native open dialog and the path of a dropped file. Nothing else of Node or Electron is exposed.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_OPEN_DIALOG_CHANNEL,
  type ApiEnvelope,
  type ApiEvent,
  type PreloadBridge,
} from '../api/transport';

const bridge: PreloadBridge = {
  call: (method: string, args: unknown[]) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args) as Promise<ApiEnvelope>,
  onEvent(listener: (event: ApiEvent) => void) {
    const handler = (_e: IpcRendererEvent, event: ApiEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  openFileDialog: () => ipcRenderer.invoke(IPC_OPEN_DIALOG_CHANNEL) as Promise<string[]>,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('alveo', bridge);
