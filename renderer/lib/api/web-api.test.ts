import { describe, expect, it, vi } from 'vitest';
import { createWebApi, webSocketUrl, type SocketLike } from './web-api';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

function setup(timeoutMs = 15_000) {
  const sockets: FakeSocket[] = [];
  const api = createWebApi({
    url: 'ws://test/kiosk',
    open: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    timeoutMs,
  });
  return { api, sockets };
}

const info = {
  kioskId: 'K1',
  officeName: 'Quito Centro',
  version: '0.1.0',
  locale: 'es-EC',
  idleWarnSeconds: 45,
  idleResetSeconds: 60,
  role: 'kiosk',
};

describe('web API adapter', () => {
  it('builds ws:// or wss:// from the page location', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5199' })).toBe('ws://127.0.0.1:5199/kiosk');
    expect(webSocketUrl({ protocol: 'https:', host: 'kiosk.iess' })).toBe('wss://kiosk.iess/kiosk');
  });

  it('queues a call until the socket opens and matches the answer by id', async () => {
    const { api, sockets } = setup();
    const pending = api.call('app.info', {});
    const socket = sockets[0]!;
    expect(socket.sent).toEqual([]);
    socket.open();
    const frame = JSON.parse(socket.sent[0]!) as { id: number; call: string; input: unknown };
    expect(frame).toMatchObject({ call: 'app.info', input: {} });
    socket.receive({ id: frame.id, result: { ok: true, value: info } });
    await expect(pending).resolves.toEqual({ ok: true, value: info });
  });

  it('turns an answer that breaks the contract into internal', async () => {
    const { api, sockets } = setup();
    sockets[0]!.open();
    const pending = api.call('app.info', {});
    const frame = JSON.parse(sockets[0]!.sent[0]!) as { id: number };
    sockets[0]!.receive({ id: frame.id, result: { ok: true, value: { kioskId: 1 } } });
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'internal' } });
  });

  it('fails a call with internal after the timeout while disconnected, and reconnects with backoff', async () => {
    vi.useFakeTimers();
    const { api, sockets } = setup(15_000);
    sockets[0]!.close();
    const pending = api.call('session.view', {});
    vi.advanceTimersByTime(300);
    expect(sockets.length).toBe(2);
    vi.advanceTimersByTime(15_000);
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'internal' } });
    vi.useRealTimers();
  });

  it('fails calls in flight when their socket drops', async () => {
    const { api, sockets } = setup();
    sockets[0]!.open();
    const pending = api.call('session.view', {});
    sockets[0]!.close();
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'internal' } });
  });

  it('delivers valid events and drops malformed ones', () => {
    const { api, sockets } = setup();
    sockets[0]!.open();
    const seen: unknown[] = [];
    api.on('help.acknowledged', (payload) => seen.push(payload));
    sockets[0]!.receive({ event: 'help.acknowledged', payload: { at: 5 } });
    sockets[0]!.receive({ event: 'help.acknowledged', payload: { at: 'soon' } });
    expect(seen).toEqual([{ at: 5 }]);
  });

  it('checks the staff and central events against the contract too', () => {
    const { api, sockets } = setup();
    sockets[0]!.open();
    const seen: unknown[] = [];
    api.on('central.status', (payload) => seen.push(payload));
    api.on('staff.locked', (payload) => seen.push(payload));
    sockets[0]!.receive({ event: 'central.status', payload: { reachable: false, since: 7 } });
    sockets[0]!.receive({ event: 'central.status', payload: { reachable: 'no', since: 7 } });
    sockets[0]!.receive({ event: 'staff.locked', payload: { reason: 'expired' } });
    sockets[0]!.receive({ event: 'staff.locked', payload: { reason: 'bored' } });
    expect(seen).toEqual([{ reachable: false, since: 7 }, { reason: 'expired' }]);
  });

  it('reports a reconnection so the renderer can drop a session that died with the old socket', () => {
    vi.useFakeTimers();
    const { api, sockets } = setup();
    const states: [boolean, boolean][] = [];
    api.onConnection((connected, reconnected) => states.push([connected, reconnected]));
    sockets[0]!.open();
    sockets[0]!.close();
    vi.advanceTimersByTime(300);
    sockets[1]!.open();
    expect(states).toEqual([
      [true, false],
      [false, false],
      [true, true],
    ]);
    vi.useRealTimers();
  });
});
