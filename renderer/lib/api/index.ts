import type { KioskApi } from '../../../electron/contract';
import { createElectronApi } from './electron-api';
import { createWebApi, type ConnectionListener } from './web-api';

export type KioskConnection = KioskApi & { onConnection(listener: ConnectionListener): () => void };

/** Electron when the preload bridge is present, else the web host's WebSocket. */
export function connectKioskApi(): KioskConnection {
  const bridge = window.kiosk;
  if (bridge) {
    const api = createElectronApi(bridge);
    // IPC is up as soon as the page is: report it connected once
    return { ...api, onConnection: (listener) => (listener(true, false), () => undefined) };
  }
  return createWebApi();
}
