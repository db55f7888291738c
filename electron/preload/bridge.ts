import { IPC_CALL, IPC_EVENT } from '../contract/api';

/** The part of ipcRenderer the bridge uses (a fake in tests). */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export type KioskBridge = {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
};

/**
 * What the preload exposes on window.kiosk (checklist #3 / #20: never ipcRenderer itself, only
 * two fixed channels). The page picks the call name, never the channel; the event object
 * (which holds the sender) never reaches the page.
 */
export function createKioskBridge(ipc: BridgeIpc): KioskBridge {
  return Object.freeze({
    call: (name: string, input: unknown): Promise<unknown> => ipc.invoke(IPC_CALL, name, input),
    on: (event: string, listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function') return () => {};
      const handler = (_e: unknown, name: unknown, payload: unknown) => {
        if (name === event) listener(payload);
      };
      ipc.on(IPC_EVENT, handler);
      return () => {
        ipc.removeListener(IPC_EVENT, handler);
      };
    },
  });
}
