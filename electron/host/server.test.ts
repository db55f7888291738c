import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PATH } from '../contract/api';
import { ok, type Result } from '../contract/result';
import type { KioskCore, KioskTerminal } from '../core/terminal';
import type { DemoMailbox, DemoSmsOutbox } from '../core/boot';
import { socketBudgets } from './budgets';
import { MAX_REQUESTS_PER_SECOND } from './bridge';
import { startWebHost, type WebHost } from './server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Seen = { call: unknown; input: unknown };

/** A core that answers every call and remembers what reached it: the host's guards sit in front. */
function recordingCore(): KioskCore & { seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    openTerminal(): KioskTerminal {
      return {
        async handle(call, input): Promise<Result<unknown>> {
          seen.push({ call, input });
          return ok({});
        },
        onEvent: () => () => undefined,
        close: async () => undefined,
      };
    },
    close: async () => undefined,
  };
}

const mailbox: DemoMailbox = {
  list: () => [{ to: 'ana@example.com', subject: 'ACTIVACIÓN CLAVE', text: 'https://x/a/TOKEN', sentAt: 0 }],
};

async function host(
  options: { mailbox?: DemoMailbox | null; smsOutbox?: DemoSmsOutbox | null; lookupsPerMinute?: number } = {},
): Promise<{ host: WebHost; core: ReturnType<typeof recordingCore> }> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'host-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  const core = recordingCore();
  const started = await startWebHost({
    core,
    port: 0,
    rendererDir,
    mailbox: options.mailbox ?? null,
    smsOutbox: options.smsOutbox ?? null,
    budgets: socketBudgets(options.lookupsPerMinute ?? 10),
  });
  cleanups.push(() => rmSync(rendererDir, { recursive: true, force: true }));
  cleanups.push(() => started.close());
  return { host: started, core };
}

/** A raw HTTP request with a Host of our choosing (fetch would not let a page choose it). */
function raw(
  port: number,
  options: { path?: string; method?: string; headers?: Record<string, string>; body?: Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    // with a declared length and no body sent, the answer shows the host did not wait to read it
    if (options.headers?.['content-length'] && !options.body) req.flushHeaders();
    else req.end();
  });
}

function openSocket(
  port: number,
  hostHeader = `127.0.0.1:${port}`,
  origin = `http://${hostHeader}`,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, { origin, headers: { host: hostHeader } });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

type Reply = { id: number; result: Result<unknown> };

/** Sends frames in order and collects the reply to each. */
async function exchange(socket: WebSocket, frames: Array<{ call: string; input: unknown }>): Promise<Reply[]> {
  const replies: Reply[] = [];
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Reply;
      if (typeof frame.id !== 'number') return;
      replies.push(frame);
      if (replies.length === frames.length) resolve();
    });
  });
  frames.forEach((frame, i) => socket.send(JSON.stringify({ id: i + 1, ...frame })));
  await done;
  return replies.sort((a, b) => a.id - b.id);
}

const lookup = (id: string) => ({
  call: 'session.advance',
  input: { step: 'identify', idType: 'cedula', id, presence: { trusted: true, via: 'pointer', elapsedMs: 2000 } },
});

describe('web host: Host allow-list (DNS rebinding)', () => {
  it('answers its own loopback names and refuses any other Host on HTTP', async () => {
    const { host: h } = await host();
    for (const name of [`127.0.0.1:${h.port}`, `localhost:${h.port}`, `[::1]:${h.port}`])
      expect((await raw(h.port, { headers: { host: name } })).status, name).toBe(200);
    for (const name of [`evil.example:${h.port}`, 'localhost:1', `127.0.0.1`, `127.0.0.1.evil.example:${h.port}`])
      expect((await raw(h.port, { headers: { host: name } })).status, name).toBe(403);
  });

  it('refuses the WebSocket of a rebound page even though its Origin matches its Host', async () => {
    const { host: h, core } = await host();
    const rebound = `evil.example:${h.port}`;
    await expect(openSocket(h.port, rebound, `http://${rebound}`)).rejects.toThrow(/403/);
    // the same upgrade addressed to the host's own name is served
    const socket = await openSocket(h.port);
    cleanups.push(() => socket.close());
    expect(await exchange(socket, [{ call: 'app.info', input: {} }])).toMatchObject([{ id: 1, result: { ok: true } }]);
    expect(core.seen).toHaveLength(1);
  });

  it('refuses a socket whose Origin is another site', async () => {
    const { host: h } = await host();
    await expect(openSocket(h.port, `127.0.0.1:${h.port}`, 'http://evil.example')).rejects.toThrow(/403/);
  });
});

describe('web host: sizes', () => {
  it('closes the socket on a 64 KiB frame without handing it to the core', async () => {
    const { host: h, core } = await host();
    const socket = await openSocket(h.port);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: 1, call: 'app.info', input: { s: 'x'.repeat(64 * 1024) } }));
    // 1009: message too big (RFC 6455)
    expect(await closed).toBe(1009);
    expect(core.seen).toHaveLength(0);
  });

  it('answers 413 to a 1 MiB body before reading it, and to a chunked body', async () => {
    const { host: h } = await host();
    const headers = { host: `127.0.0.1:${h.port}`, 'content-length': String(1024 * 1024) };
    // only the headers are sent: the answer comes without the host waiting for the body
    expect((await raw(h.port, { method: 'POST', headers })).status).toBe(413);
    expect((await raw(h.port, { method: 'GET', headers })).status).toBe(413);
    const chunked = { host: `127.0.0.1:${h.port}`, 'transfer-encoding': 'chunked' };
    expect((await raw(h.port, { method: 'POST', headers: chunked, body: Buffer.alloc(1024) })).status).toBe(413);
    // a small body is not the problem: a POST is still refused for what it is
    const small = { host: `127.0.0.1:${h.port}`, 'content-length': '2' };
    expect((await raw(h.port, { method: 'POST', headers: small, body: Buffer.from('{}') })).status).toBe(405);
  });
});

describe('web host: budgets per socket', () => {
  it('one socket cannot spend the kiosk-wide look-up budget; another socket still has its share', async () => {
    const { host: h, core } = await host({ lookupsPerMinute: 10 });
    const greedy = await openSocket(h.port);
    cleanups.push(() => greedy.close());
    const replies = await exchange(
      greedy,
      Array.from({ length: 10 }, (_, i) => lookup(`17100000${String(i).padStart(2, '0')}`)),
    );
    expect(replies.filter((r) => r.result.ok)).toHaveLength(5);
    expect(replies.slice(5).map((r) => r.result)).toEqual(
      Array(5).fill({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) } }),
    );
    // the core saw only the socket's half of the kiosk's ten
    expect(core.seen.filter((s) => s.call === 'session.advance')).toHaveLength(5);
    // the employer BUSCAR spends the same budget
    const employer = await exchange(greedy, [
      {
        call: 'session.advance',
        input: {
          step: 'employerIdentify',
          ruc: '1790000000001',
          branch: '001',
          legalRepId: '1710034065',
          presence: { trusted: true, via: 'pointer', elapsedMs: 2000 },
        },
      },
    ]);
    expect(employer[0]?.result).toMatchObject({ ok: false, error: { code: 'rate_limited' } });

    const screen = await openSocket(h.port);
    cleanups.push(() => screen.close());
    expect((await exchange(screen, [lookup('1710034065')]))[0]?.result.ok).toBe(true);
    // other steps are not look-ups and are not budgeted
    const other = await exchange(greedy, [{ call: 'session.advance', input: { step: 'confirmIdentity' } }]);
    expect(other[0]?.result.ok).toBe(true);
  });

  it('one socket cannot flood help requests: the fourth in a minute is refused before the core', async () => {
    const { host: h, core } = await host();
    const socket = await openSocket(h.port);
    cleanups.push(() => socket.close());
    const replies = await exchange(
      socket,
      Array.from({ length: 20 }, () => ({ call: 'help.request', input: { screen: 'welcome' } })),
    );
    expect(replies.filter((r) => r.result.ok)).toHaveLength(3);
    expect(core.seen.filter((s) => s.call === 'help.request')).toHaveLength(3);
  });

  it('a frame the contract refuses spends no budget', async () => {
    const { host: h, core } = await host();
    const socket = await openSocket(h.port);
    cleanups.push(() => socket.close());
    const junk = await exchange(
      socket,
      Array.from({ length: 10 }, () => ({ call: 'help.request', input: { screen: 'no spaces allowed' } })),
    );
    expect(junk.every((r) => !r.result.ok && r.result.error.code === 'invalid_input')).toBe(true);
    const real = await exchange(socket, [{ call: 'help.request', input: { screen: 'welcome' } }]);
    expect(real[0]?.result.ok).toBe(true);
    expect(core.seen).toHaveLength(1);
  });
});

describe('web host: flood brake', () => {
  it('past MAX_REQUESTS_PER_SECOND frames in a second, the rest wait a second; the core never sees them', async () => {
    const { host: h, core } = await host();
    const socket = await openSocket(h.port);
    cleanups.push(() => socket.close());
    const flood = await exchange(
      socket,
      Array.from({ length: MAX_REQUESTS_PER_SECOND + 50 }, () => ({ call: 'app.info', input: {} })),
    );
    const braked = flood.filter((r) => !r.result.ok);
    // sent in one burst: at least the 50 over the brake are refused, each with a retry time
    expect(braked.length).toBeGreaterThanOrEqual(50);
    expect(braked.every((r) => !r.result.ok && r.result.error.code === 'rate_limited')).toBe(true);
    expect(braked[0]?.result).toMatchObject({ ok: false, error: { retryAfterSeconds: 1 } });
    expect(core.seen).toHaveLength(flood.length - braked.length);
    // the brake is per second, not a ban: after it, the same socket is served again
    await new Promise((resolve) => setTimeout(resolve, 1100));
    socket.removeAllListeners('message');
    expect((await exchange(socket, [{ call: 'app.info', input: {} }]))[0]?.result.ok).toBe(true);
  });
});

describe('web host: /buzon', () => {
  it('is served in demo mode to a loopback client, and does not exist otherwise', async () => {
    const demo = await host({ mailbox });
    const page = await raw(demo.host.port, { path: '/buzon', headers: { host: `127.0.0.1:${demo.host.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('ACTIVACIÓN CLAVE');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");

    const remote = await host({ mailbox: null });
    const none = await raw(remote.host.port, { path: '/buzon', headers: { host: `127.0.0.1:${remote.host.port}` } });
    expect(none.status).toBe(404);
    expect(none.body).not.toContain('ACTIVACIÓN');
  });

  it('lists the captured SMS codes too, escaped, and only in demo mode', async () => {
    const smsOutbox: DemoSmsOutbox = {
      list: () => [{ to: '0991234567', text: 'IESS: su codigo es 123456 <b>', sentAt: 0 }],
    };
    const demo = await host({ mailbox, smsOutbox });
    const page = await raw(demo.host.port, { path: '/buzon', headers: { host: `127.0.0.1:${demo.host.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('SMS para: 0991234567');
    expect(page.body).toContain('123456 &#60;b&#62;');
    expect(page.body).toContain('ACTIVACIÓN CLAVE');

    const smsOnly = await host({ mailbox: null, smsOutbox });
    const only = await raw(smsOnly.host.port, { path: '/buzon', headers: { host: `127.0.0.1:${smsOnly.host.port}` } });
    expect(only.status).toBe(200);
    expect(only.body).toContain('No hay correos.');

    const remote = await host({ mailbox: null, smsOutbox: null });
    const none = await raw(remote.host.port, { path: '/buzon', headers: { host: `127.0.0.1:${remote.host.port}` } });
    expect(none.status).toBe(404);
  });
});
