import type { IpcMain, WebContents } from 'electron';
import { IPC_CALL, IPC_EVENT } from '../contract/api';
import type { KioskCore, KioskTerminal } from '../core/terminal';
import { handleIpcCall } from './ipc-call';

let initialized = false;

/**
 * The one registration point of the kiosk contract on IPC. A second call is a bug (two
 * handlers would race), so it refuses. Each window's webContents gets its own terminal.
 */
export function initializeKioskIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  core: KioskCore,
  onRefused?: (code: string, senderId: number | null) => void,
): { attach(contents: WebContents): void; resetSession(contents: WebContents): Promise<void> } {
  if (initialized) throw new Error('kiosk IPC already initialized');
  initialized = true;
  const terminals = new Map<number, KioskTerminal>();

  ipcMain.handle(
    IPC_CALL,
    handleIpcCall({ terminalFor: (id) => terminals.get(id), ...(onRefused ? { onRefused } : {}) }),
  );

  const open = (contents: WebContents) => {
    const terminal = core.openTerminal();
    terminals.set(contents.id, terminal);
    terminal.onEvent((eventName, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, eventName, payload);
    });
  };

  return {
    attach(contents) {
      const id = contents.id;
      open(contents);
      contents.once('destroyed', () => {
        const terminal = terminals.get(id);
        terminals.delete(id);
        void terminal?.close();
      });
    },
    // a crashed renderer loses the person's screen: end their session with it (DESIGN §6)
    async resetSession(contents) {
      const terminal = terminals.get(contents.id);
      terminals.delete(contents.id);
      await terminal?.close();
      if (!contents.isDestroyed()) open(contents);
    },
  };
}
