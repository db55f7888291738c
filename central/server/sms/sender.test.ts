import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureSmsSender, SMS_CAPTURE_LIMIT } from './capture';
import { createSmsSender } from './sender';

describe('capture outbox (SMS_URL unset)', () => {
  it('lists what was sent, newest first, and forgets on close', async () => {
    let t = 1_000;
    const sms = createCaptureSmsSender(() => t);
    expect(await sms.send({ to: '0991234567', text: 'IESS: 123456 uno' })).toMatchObject({ ok: true });
    t = 2_000;
    await sms.send({ to: '0987654321', text: 'IESS: 654321 dos' });
    expect(sms.outbox?.list()).toEqual([
      { to: '0987654321', text: 'IESS: 654321 dos', sentAt: 2_000 },
      { to: '0991234567', text: 'IESS: 123456 uno', sentAt: 1_000 },
    ]);
    expect(sms.outbox?.latestTo('0991234567')?.text).toBe('IESS: 123456 uno');
    await sms.close();
    expect(sms.outbox?.list()).toEqual([]);
  });

  it(`keeps the last ${SMS_CAPTURE_LIMIT}`, async () => {
    const sms = createCaptureSmsSender();
    for (let i = 0; i < SMS_CAPTURE_LIMIT + 5; i++) await sms.send({ to: '0991234567', text: `n ${i}` });
    const list = sms.outbox?.list() ?? [];
    expect(list).toHaveLength(SMS_CAPTURE_LIMIT);
    expect(list[0]?.text).toBe(`n ${SMS_CAPTURE_LIMIT + 4}`);
  });

  it('refuses what a real route would: two segments, characters outside GSM-7, a malformed number', async () => {
    const sms = createCaptureSmsSender();
    expect(await sms.send({ to: '0991234567', text: 'x'.repeat(161) })).toEqual({ ok: false, reason: 'rejected' });
    expect(await sms.send({ to: '0991234567', text: 'código' })).toEqual({ ok: false, reason: 'rejected' });
    expect(await sms.send({ to: '09912 34567', text: 'ok' })).toEqual({ ok: false, reason: 'rejected' });
    expect(sms.outbox?.list()).toEqual([]);
  });
});

describe('SMPP sender', () => {
  let silent: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    silent = undefined;
  });

  it('an SMS centre that accepts the connection and never answers fails within the timeout', async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const sms = createSmsSender({ smsUrl: `smpp://iess:x@127.0.0.1:${port}`, timeoutMs: 300 });
    expect(await sms.send({ to: '0991234567', text: 'IESS: 123456' })).toEqual({ ok: false, reason: 'unavailable' });
    await sms.close();
  });

  it('refuses a malformed SMS_URL at construction', () => {
    expect(() => createSmsSender({ smsUrl: 'smtp://x@y' })).toThrow(/smpp:\/\/user:pass@host:port/);
  });
});
