import { MAX_MESSAGE_BYTES } from '../contract/calls';
import { fail, type Result } from '../contract/result';
import type { KioskTerminal } from '../core/terminal';
import { checkSenderOrigin } from './ipc-origin';

/** The parts of Electron's IpcMainInvokeEvent the call path reads (fakes in tests). */
export type IpcFrame = { readonly url: string; isDestroyed?(): boolean };
export type IpcCallEvent = {
  readonly sender: { readonly id: number; isDestroyed(): boolean; readonly mainFrame: IpcFrame };
  readonly senderFrame: IpcFrame | null;
};

export type IpcCallDeps = {
  terminalFor(senderId: number): Pick<KioskTerminal, 'handle'> | undefined;
  /** a refused or failed call, for the audit log (never the payload: it may hold personal data) */
  onRefused?(code: string, senderId: number | null): void;
};

/** Size of what arrived, as the web host measures its frames; null when it is not JSON-shaped. */
function payloadBytes(name: unknown, input: unknown): number | null {
  try {
    const text = JSON.stringify([name, input ?? null]);
    return text === undefined ? null : text.length;
  } catch {
    // cycles and BigInt survive structured clone but are never a valid kiosk call
    return null;
  }
}

/**
 * The one IPC call path (checklist #17: validate the sender of every IPC message). Order matters:
 * sender first (a page that is not the app learns nothing, not even "unknown call"), then size,
 * then the contract's own validation inside the terminal. Whatever happens, a Result comes
 * back; nothing is thrown across the boundary.
 */
export function handleIpcCall(deps: IpcCallDeps) {
  const refuse = (code: Parameters<typeof fail>[0], senderId: number | null): Result<never> => {
    deps.onRefused?.(code, senderId);
    return fail(code);
  };
  return async (event: IpcCallEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    let senderId: number | null = null;
    try {
      const sender = event.sender;
      // a destroyed webContents throws on most property reads: check it before anything else
      if (sender.isDestroyed()) return refuse('forbidden_origin', null);
      senderId = sender.id;
      const frame = event.senderFrame;
      if (!frame || frame.isDestroyed?.() === true) return refuse('forbidden_origin', senderId);
      const refused = checkSenderOrigin(frame.url, frame === sender.mainFrame);
      if (refused) return refuse('forbidden_origin', senderId);
      const terminal = deps.terminalFor(senderId);
      if (!terminal) return refuse('forbidden_origin', senderId);
      const bytes = payloadBytes(name, input);
      if (bytes === null) return refuse('invalid_input', senderId);
      if (bytes > MAX_MESSAGE_BYTES) return refuse('payload_too_large', senderId);
      return await terminal.handle(name, input);
    } catch {
      return refuse('internal', senderId);
    }
  };
}
