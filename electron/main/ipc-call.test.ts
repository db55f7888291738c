import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../contract/calls';
import { errorCodes, ok, type Result } from '../contract/result';
import { createTerminal, type CallHandlers } from '../core/terminal';
import { handleIpcCall, type IpcCallEvent, type IpcFrame } from './ipc-call';

const frame = (url: string, destroyed = false): IpcFrame => ({ url, isDestroyed: () => destroyed });

function sender(id: number, mainFrame: IpcFrame, destroyed = false): IpcCallEvent['sender'] {
  return {
    get id() {
      // Electron throws on a destroyed webContents' properties: so does the fake
      if (destroyed) throw new Error('Object has been destroyed');
      return id;
    },
    isDestroyed: () => destroyed,
    get mainFrame() {
      if (destroyed) throw new Error('Object has been destroyed');
      return mainFrame;
    },
  };
}

/** A terminal with the real contract validation and one handler that echoes. */
function realTerminal() {
  const seen: unknown[] = [];
  const handlers = new Proxy({} as CallHandlers, {
    get: () => async (input: unknown) => {
      seen.push(input);
      return ok({ echoed: true });
    },
  });
  return { seen, terminal: createTerminal(() => ({ handlers, close: async () => {} })) };
}

function setup() {
  const { seen, terminal } = realTerminal();
  const refused: string[] = [];
  const call = handleIpcCall({
    terminalFor: (id) => (id === 1 ? terminal : undefined),
    onRefused: (code) => refused.push(code),
  });
  const appFrame = frame('app://kiosk/index.html');
  return {
    call,
    seen,
    refused,
    appFrame,
    appEvent: { sender: sender(1, appFrame), senderFrame: appFrame } satisfies IpcCallEvent,
  };
}

const codeOf = (r: Result<unknown>) => (r.ok ? null : r.error.code);

describe('IPC call path: the sender', () => {
  it('lets the app main frame through to the terminal', async () => {
    const { call, appEvent, seen } = setup();
    const result = await call(appEvent, 'app.info', {});
    expect(result).toEqual({ ok: true, value: { echoed: true } });
    expect(seen).toEqual([{}]);
  });

  it('refuses a foreign-origin main frame before the handler runs', async () => {
    const { call, seen, refused } = setup();
    for (const url of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'data:text/html,x',
      'app://other/index.html',
      'about:blank',
      '',
    ]) {
      const f = frame(url);
      expect(codeOf(await call({ sender: sender(1, f), senderFrame: f }, 'app.info', {})), url).toBe(
        'forbidden_origin',
      );
    }
    expect(seen).toEqual([]);
    expect(refused.every((c) => c === 'forbidden_origin')).toBe(true);
  });

  it('refuses a subframe, even one on the app origin', async () => {
    const { call, appFrame, seen } = setup();
    const sub = frame('app://kiosk/index.html');
    expect(codeOf(await call({ sender: sender(1, appFrame), senderFrame: sub }, 'app.info', {}))).toBe(
      'forbidden_origin',
    );
    expect(seen).toEqual([]);
  });

  it('refuses a destroyed sender, a missing or destroyed frame, and an unknown webContents', async () => {
    const { call, appFrame } = setup();
    expect(codeOf(await call({ sender: sender(1, appFrame, true), senderFrame: appFrame }, 'app.info', {}))).toBe(
      'forbidden_origin',
    );
    expect(codeOf(await call({ sender: sender(1, appFrame), senderFrame: null }, 'app.info', {}))).toBe(
      'forbidden_origin',
    );
    const gone = frame('app://kiosk/index.html', true);
    expect(codeOf(await call({ sender: sender(1, gone), senderFrame: gone }, 'app.info', {}))).toBe('forbidden_origin');
    expect(codeOf(await call({ sender: sender(7, appFrame), senderFrame: appFrame }, 'app.info', {}))).toBe(
      'forbidden_origin',
    );
  });

  it('turns a throwing terminal or sender into `internal`, never a throw', async () => {
    const boom = handleIpcCall({ terminalFor: () => ({ handle: () => Promise.reject(new Error('db gone')) }) });
    const appFrame = frame('app://kiosk/index.html');
    expect(codeOf(await boom({ sender: sender(1, appFrame), senderFrame: appFrame }, 'app.info', {}))).toBe('internal');
    const hostile = {
      sender: {
        id: 1,
        isDestroyed: () => false,
        get mainFrame(): IpcFrame {
          throw new Error('x');
        },
      },
      senderFrame: appFrame,
    };
    expect(codeOf(await boom(hostile, 'app.info', {}))).toBe('internal');
  });
});

describe('IPC call path: the payload', () => {
  it('refuses an oversized payload unread and a cyclic or BigInt one', async () => {
    const { call, appEvent, seen } = setup();
    expect(codeOf(await call(appEvent, 'session.start', { kind: 'x'.repeat(MAX_MESSAGE_BYTES + 1) }))).toBe(
      'payload_too_large',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(codeOf(await call(appEvent, 'session.start', cyclic))).toBe('invalid_input');
    expect(codeOf(await call(appEvent, 'session.start', { kind: 10n }))).toBe('invalid_input');
    expect(seen).toEqual([]);
  });

  it('refuses unknown call names and inputs off the contract', async () => {
    const { call, appEvent, seen } = setup();
    expect(codeOf(await call(appEvent, 'fs.readFile', { path: '/etc/passwd' }))).toBe('unknown_call');
    expect(codeOf(await call(appEvent, { toString: () => 'app.info' }, {}))).toBe('unknown_call');
    expect(codeOf(await call(appEvent, 'session.start', { kind: 'generate', extra: 1 }))).toBe('invalid_input');
    expect(seen).toEqual([]);
  });

  it('answers any malformed payload with a known error code and never throws (fast-check)', async () => {
    const { call, appEvent } = setup();
    const names = fc.oneof(
      fc.constantFrom('app.info', 'session.start', 'session.cancel', '__proto__', 'constructor', ''),
      fc.string(),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(
        names,
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withDate: true,
          withNullPrototype: true,
        }),
        async (name, input) => {
          const result = await call(appEvent, name, input);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) expect(errorCodes).toContain(result.error.code);
          else expect(result.value).toEqual({ echoed: true });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers a foreign frame with forbidden_origin whatever it sends (fast-check)', async () => {
    const { call, seen } = setup();
    await fc.assert(
      fc.asyncProperty(fc.webUrl(), fc.anything(), fc.anything(), async (url, name, input) => {
        const f = frame(url);
        const result = await call({ sender: sender(1, f), senderFrame: f }, name, input);
        expect(result).toEqual({ ok: false, error: { code: 'forbidden_origin' } });
      }),
      { numRuns: 100 },
    );
    expect(seen).toEqual([]);
  });
});
