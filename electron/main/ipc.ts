import type { IpcMain, WebContents } from 'electron';
import { IPC_CALL, IPC_EVENT } from '../contract/api';
import type { KioskCore, KioskTerminal } from '../core/terminal';
import { checkSenderOrigin } from './ipc-origin';

let initialized = false;

/**
 * The one registration point of the kiosk contract on IPC. A second call is a bug (two
 * handlers would race), so it refuses. Each window's webContents gets its own terminal.
 */
export function initializeKioskIpc(ipcMain: IpcMain, core: KioskCore): { attach(contents: WebContents): void } {
  if (initialized) throw new Error('kiosk IPC already initialized');
  initialized = true;
  const terminals = new Map<number, KioskTerminal>();

  ipcMain.handle(IPC_CALL, async (event, name: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const refused = checkSenderOrigin(frame?.url, frame !== null && frame === event.sender.mainFrame);
    if (refused) return refused;
    const terminal = terminals.get(event.sender.id);
    if (!terminal) return checkSenderOrigin(undefined, false);
    return terminal.handle(name, input);
  });

  return {
    attach(contents) {
      const terminal = core.openTerminal();
      terminals.set(contents.id, terminal);
      terminal.onEvent((eventName, payload) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT, eventName, payload);
      });
      const detach = () => {
        terminals.delete(contents.id);
        void terminal.close();
      };
      contents.once('destroyed', detach);
      // a crashed renderer loses the person's screen: end their session with it (DESIGN §6)
      contents.on('render-process-gone', () => void terminal.close().then(() => terminals.set(contents.id, core.openTerminal())));
    },
  };
}
