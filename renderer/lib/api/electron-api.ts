import type { KioskApi } from '../../../electron/contract';
import { toEventPayload, toResult } from './validate';

/** The API over the Electron preload's `window.kiosk` bridge (IPC). */
export function createElectronApi(bridge: KioskBridge): KioskApi {
  return {
    async call(name, input) {
      try {
        return toResult(name, await bridge.call(name, input));
      } catch {
        return { ok: false, error: { code: 'internal' } };
      }
    },
    on(event, listener) {
      return bridge.on(event, (raw) => {
        const valid = toEventPayload(event, raw);
        if (valid) listener(valid.payload);
      });
    },
  };
}
