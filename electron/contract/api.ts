import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './calls';
import type { Result } from './result';

/** The one interface the renderer talks to, whether over Electron IPC or a WebSocket. */
export interface KioskApi {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<Result<CallOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The global the preload exposes on window. */
export const KIOSK_GLOBAL = 'kiosk';
/** IPC channel names, one per direction; the preload refuses anything else. */
export const IPC_CALL = 'kiosk:call';
export const IPC_EVENT = 'kiosk:event';
/** WebSocket path of the web host. */
export const WS_PATH = '/kiosk';
