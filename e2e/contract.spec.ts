import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { callNames, kioskCalls, type CallName } from '../electron/contract/calls';
import { expect, test } from './fixtures';

type Reply = { id: number; result: { ok: boolean; error?: { code: string }; value?: unknown } };

/** A raw socket client, as a hostile page on the same origin could open. */
async function connect(
  url: string,
  origin = url,
  host = new URL(url).host,
): Promise<{ send: (raw: string) => Promise<Reply>; close: () => void; closed: Promise<number> }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/kiosk`, { origin, headers: { host } });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  // replies come back matched by id; frames the host could not read at all answer as id -1, in order
  const byId = new Map<number, (reply: Reply) => void>();
  const unreadable: Array<(reply: Reply) => void> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Reply | { event: string };
    if (!('id' in frame)) return;
    const waiter = byId.get(frame.id) ?? unreadable.shift();
    byId.delete(frame.id);
    waiter?.(frame);
  });
  return {
    send: (raw) =>
      new Promise((resolve) => {
        const id = /^\{"id":(\d+),/.exec(raw)?.[1];
        if (id) byId.set(Number(id), resolve);
        else unreadable.push(resolve);
        socket.send(raw);
      }),
    close: () => socket.close(),
    closed,
  };
}

const oneMegabyte = 'x'.repeat(1024 * 1024);

/** For each call: inputs that break its schema in every way the contract must catch. */
function malformedInputs(name: CallName): unknown[] {
  const shape = kioskCalls[name].input;
  const valid: Record<string, unknown> =
    name === 'session.start' || name === 'session.switchKind' ? { kind: 'generate' } : {};
  return [
    42,
    'text',
    null,
    [],
    { ...valid, extra: true },
    { ...valid, kind: 7, screen: ['x'], reason: 12, password: 5, step: 'nope' },
    { ...valid, kind: 'x'.repeat(5_000), screen: 'x'.repeat(5_000), step: 'identify', id: 'x'.repeat(5_000) },
    // the largest a frame may be (16 KB): still read, and refused for its extra field
    shape ? { ...valid, huge: 'x'.repeat(15_000) } : {},
  ];
}

/**
 * The host brakes a socket past MAX_REQUESTS_PER_SECOND frames (answered `rate_limited`, retry in
 * 1 s). A fast machine sends this whole sweep inside one second, so a braked frame waits out its
 * second and goes again: what is checked is the schema's answer, never the brake's.
 */
async function sendPaced(client: { send: (raw: string) => Promise<Reply> }, frame: () => string): Promise<Reply> {
  for (let tries = 1; ; tries++) {
    const reply = await client.send(frame());
    if (reply.result.error?.code !== 'rate_limited' || tries === 5) return reply;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

test('every handler refuses malformed payloads with a code, and the host keeps serving', async ({ kiosk }) => {
  const client = await connect(kiosk.url);
  let id = 1;
  for (const name of callNames) {
    for (const input of malformedInputs(name)) {
      const reply = await sendPaced(client, () => JSON.stringify({ id: id++, call: name, input }));
      expect(reply.result.ok, `${name} accepted ${JSON.stringify(input)?.slice(0, 80)}`).toBe(false);
      expect(reply.result.error?.code).toMatch(/^(invalid_input|payload_too_large)$/);
    }
  }
  // frames that are not even requests
  for (const raw of [
    'not json',
    '[]',
    '{"id":"a","call":"app.info","input":{}}',
    JSON.stringify({ id: 1, call: 'app.info', input: {}, more: 1 }),
  ]) {
    expect((await sendPaced(client, () => raw)).result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  }
  expect(
    (await sendPaced(client, () => JSON.stringify({ id: 99, call: 'fs.readFile', input: {} }))).result,
  ).toMatchObject({
    ok: false,
    error: { code: 'unknown_call' },
  });
  // still serving: a valid call on the same socket, and the page itself
  const info = await sendPaced(client, () => JSON.stringify({ id: 101, call: 'app.info', input: {} }));
  expect(info.result.ok).toBe(true);
  client.close();
  const page = await fetch(kiosk.url);
  expect(page.status).toBe(200);
});

test('a frame over 16 KB closes the socket unread (1009); the host keeps serving new sockets', async ({ kiosk }) => {
  const client = await connect(kiosk.url);
  void client.send(JSON.stringify({ id: 100, call: 'app.info', input: { s: oneMegabyte } }));
  expect(await client.closed).toBe(1009);
  const again = await connect(kiosk.url);
  expect((await again.send(JSON.stringify({ id: 1, call: 'app.info', input: {} }))).result.ok).toBe(true);
  again.close();
});

test('a page whose name was rebound to 127.0.0.1 (DNS rebinding) reaches neither the page nor the socket', async ({
  kiosk,
}) => {
  const rebound = `http://evil.example:${new URL(kiosk.url).port}`;
  // same origin as far as the browser knows: Origin and Host agree, but the name is not the host's own
  await expect(connect(kiosk.url, rebound, new URL(rebound).host)).rejects.toThrow(/403/);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(kiosk.url, { headers: { host: new URL(rebound).host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(403);
  // this kiosk sends mail through SMTP_URL: there is no capture mailbox to show anyone
  expect((await fetch(`${kiosk.url}/buzon`)).status).toBe(404);
});

test('a flood of requests on one socket is refused with rate_limited, then the socket serves again', async ({
  kiosk,
}) => {
  const client = await connect(kiosk.url);
  const frames = Array.from({ length: 300 }, (_, i) =>
    client.send(JSON.stringify({ id: i + 1, call: 'app.info', input: {} })),
  );
  const replies = await Promise.all(frames);
  const limited = replies.filter((r) => r.result.error?.code === 'rate_limited');
  expect(limited.length).toBeGreaterThan(0);
  expect(replies.filter((r) => r.result.ok).length).toBeGreaterThan(0);
  await expect
    .poll(async () => (await client.send(JSON.stringify({ id: 999, call: 'app.info', input: {} }))).result.ok, {
      timeout: 5_000,
    })
    .toBe(true);
  client.close();
});

test('a page of another origin cannot open the kiosk socket', async ({ kiosk }) => {
  await expect(connect(kiosk.url, 'http://evil.example')).rejects.toThrow(/403/);
});

test('the host sends a strict content security policy and stops cleanly on SIGTERM', async ({ kiosk }) => {
  const response = await fetch(kiosk.url);
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect((await fetch(`${kiosk.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  expect(await kiosk.stop('SIGTERM')).toBe(0);
  // the log rotates by size (kiosk.1.log, kiosk.2.log…): the line is in one of its files
  const logs = join(kiosk.dataDir, 'logs');
  const text = readdirSync(logs)
    .map((name) => readFileSync(join(logs, name), 'utf8'))
    .join('\n');
  expect(text).toContain('"event":"host.shutdown"');
});
