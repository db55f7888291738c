import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL, IPC_EVENT, KIOSK_GLOBAL } from '../contract/api';

// Exposes the kiosk contract and nothing else: two channels, no ipcRenderer, no Node.
contextBridge.exposeInMainWorld(KIOSK_GLOBAL, {
  call: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CALL, name, input),
  on: (event: string, listener: (payload: unknown) => void): (() => void) => {
    const handler = (_e: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
});
