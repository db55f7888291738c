import { describe, expect, it } from 'vitest';
import { IPC_CALL, IPC_EVENT } from '../contract/api';
import { createKioskBridge, type BridgeIpc } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: BridgeIpc = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return { ok: true, value: null };
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, ...args: unknown[]) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'ipc-event-with-sender' }, ...args));
  return { ipc, invoked, listeners, emit };
}

describe('preload bridge (checklist #20: no ipcRenderer in the page)', () => {
  it('exposes exactly call and on, frozen', () => {
    const bridge = createKioskBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends every call on the one call channel, whatever name the page passes', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createKioskBridge(ipc);
    await bridge.call('session.start', { kind: 'generate' });
    await bridge.call('kiosk:event', {});
    expect(invoked).toEqual([
      [IPC_CALL, ['session.start', { kind: 'generate' }]],
      [IPC_CALL, ['kiosk:event', {}]],
    ]);
  });

  it('delivers only the named event, without the IPC event object, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const bridge = createKioskBridge(ipc);
    const got: unknown[][] = [];
    const off = bridge.on('activation.done', (...args: unknown[]) => got.push(args));
    emit(IPC_EVENT, 'session.reset', { a: 1 });
    emit(IPC_EVENT, 'activation.done', { b: 2 });
    emit('other-channel', 'activation.done', { c: 3 });
    expect(got).toEqual([[{ b: 2 }]]);
    off();
    expect(listeners.get(IPC_EVENT)?.size).toBe(0);
  });

  it('ignores a listener that is not a function', () => {
    const { ipc, listeners } = fakeIpc();
    const off = createKioskBridge(ipc).on('x', 'not a function' as unknown as (payload: unknown) => void);
    expect(listeners.size).toBe(0);
    expect(() => off()).not.toThrow();
  });
});
