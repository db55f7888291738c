/// <reference types="vite/client" />

/** What the Electron preload exposes (electron/preload): untyped at the boundary, validated here. */
interface KioskBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

interface Window {
  kiosk?: KioskBridge;
}
