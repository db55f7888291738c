import smpp from 'smpp';
import type { Pdu, Server, Session } from 'smpp';
import { afterEach, describe, expect, it } from 'vitest';
import { SmsStartResponse } from '../../contract';
import type { Harness } from '../testkit';
import { SMS_RETRY } from './retry';
import { createSmsSender } from './sender';
import { internationalOf, parseSmsUrl } from './smpp';
import { grantFor, JORGE, parsedVerify, smsHarness, start, verify } from './sms-testkit';

/**
 * The central against a real SMPP server on 127.0.0.1 (the smpp package's own server standing in
 * for the operator's SMS centre): bind as transmitter with SMS_URL's credentials, one submit_sm.
 */
type Received = { destination: string; source: string; dataCoding: number; text: string };

/** `refuseSubmit`: the status every submit_sm gets, or only the first `refuseTimes` of them. */
async function smsCentre(options: { refuseLogin?: boolean; refuseSubmit?: number; refuseTimes?: number } = {}) {
  const received: Received[] = [];
  const binds: { systemId: string; password: string }[] = [];
  const sessions = new Set<Session>();
  const server: Server = smpp.createServer((session) => {
    sessions.add(session);
    session.on('error', () => undefined);
    session.on('bind_transmitter', (pdu: Pdu) => {
      binds.push({ systemId: pdu.system_id ?? '', password: pdu.password ?? '' });
      const ok = !options.refuseLogin && pdu.system_id === 'iess' && pdu.password === 's3cret';
      session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
    });
    session.on('submit_sm', (pdu: Pdu) => {
      const message = pdu.short_message;
      const text =
        typeof message === 'object' && message !== null && 'message' in message ? String(message.message) : '';
      received.push({
        destination: pdu.destination_addr ?? '',
        source: pdu.source_addr ?? '',
        dataCoding: pdu.data_coding ?? -1,
        text,
      });
      const refuse = options.refuseSubmit && received.length <= (options.refuseTimes ?? Infinity);
      session.send(pdu.response(refuse ? { command_status: options.refuseSubmit } : { message_id: 'msg-1' }));
    });
    session.on('unbind', (pdu: Pdu) => session.send(pdu.response()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    received,
    binds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let running: Awaited<ReturnType<typeof smsCentre>> | undefined;
let harness: Harness | undefined;

/** The shipped retry policy with short waits, so a test does not sit through real backoff. */
const quickRetry = { ...SMS_RETRY, firstDelayMs: 20 };

/** An SMS centre and a central whose SMS_URL points at it. */
async function stand(options: Parameters<typeof smsCentre>[0] = {}) {
  const centre = (running = await smsCentre(options));
  const h = (harness = await smsHarness(
    createSmsSender({ smsUrl: `smpp://iess:s3cret@127.0.0.1:${centre.port}`, retry: quickRetry }),
  ));
  return { centre, h };
}

afterEach(async () => {
  await harness?.deps.sms.close();
  await harness?.close();
  await running?.close();
  harness = undefined;
  running = undefined;
});

describe('SMS_URL', () => {
  it('reads smpp://user:pass@host:port, with an optional sender name', () => {
    expect(parseSmsUrl('smpp://iess:s%40cret@sms.example:2776?from=IESS%20EC')).toEqual({
      host: 'sms.example',
      port: 2776,
      systemId: 'iess',
      password: 's@cret',
      source: 'IESS EC',
    });
    expect(parseSmsUrl('smpp://iess:x@sms.example')?.port).toBe(2775);
    for (const bad of ['http://iess:x@sms.example', 'smpp://sms.example:2775', 'not a url', 'smpp://u:p@h?from=%C3%A1'])
      expect(parseSmsUrl(bad), bad).toBeNull();
  });
});

describe('SMS code through a real SMPP server', () => {
  it('one submit_sm to the registered number with a 6-digit code; typing it advances the grant to the clave', async () => {
    const { centre, h } = await stand();
    const grant = await grantFor(h, JORGE.id);
    const res = await start(h, grant);
    expect(res.status).toBe(200);
    const answer = SmsStartResponse.parse(await res.json());
    expect(answer.maskedMobile).toBe('09*****321');

    expect(centre.binds).toEqual([{ systemId: 'iess', password: 's3cret' }]);
    expect(centre.received).toHaveLength(1);
    const [sms] = centre.received;
    expect(sms?.destination).toBe(internationalOf(JORGE.mobile));
    expect(sms?.destination).toBe('593987654321');
    expect(sms?.source).toBe('IESS');
    expect(sms?.dataCoding).toBe(0);
    const code = /\b(\d{6})\b/.exec(sms?.text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(sms?.text).toMatch(/El IESS nunca le pedira este codigo por telefono\.$/);
    expect(JSON.stringify(answer)).not.toContain(code);

    expect(parsedVerify(await verify(h, grant, code ?? ''))).toMatchObject({ ok: true });
    expect(await (await h.call('/api/v1/activation/status', { grant })).json()).toEqual({ state: 'confirmed' });
    const set = await h.call('/api/v1/credentials', h.sealed(grant, { password: 'Pilahuin2025' }));
    expect(await set.json()).toEqual({ applied: true });
    const login = await h.call('/api/v1/portal/login', { id: JORGE.id, password: 'Pilahuin2025' });
    expect(login.status).toBe(200);
    expect(centre.received).toHaveLength(1);
  });
});

describe('SMS centre failures reach the kiosk as sms_unavailable', () => {
  it('a refused login', async () => {
    const { centre, h } = await stand({ refuseLogin: true });
    const res = await start(h, await grantFor(h, JORGE.id));
    expect([res.status, await res.json()]).toEqual([503, { error: 'sms_unavailable' }]);
    expect(centre.received).toEqual([]);
  });

  it('a message the centre keeps refusing for a passing reason: tried the policy’s times, then refused', async () => {
    const { centre, h } = await stand({ refuseSubmit: smpp.ESME_RSYSERR });
    const grant = await grantFor(h, JORGE.id);
    const res = await start(h, grant);
    expect([res.status, await res.json()]).toEqual([503, { error: 'sms_unavailable' }]);
    expect(centre.received).toHaveLength(SMS_RETRY.attempts);
    // nothing reached the phone: no code to check
    expect(await verify(h, grant, '123456')).toEqual({ status: 409, body: { error: 'conflict' } });
  });

  it('a number the centre says is invalid: refused at once, never sent again', async () => {
    const { centre, h } = await stand({ refuseSubmit: smpp.ESME_RINVDSTADR });
    const res = await start(h, await grantFor(h, JORGE.id));
    expect([res.status, await res.json()]).toEqual([503, { error: 'sms_unavailable' }]);
    expect(centre.received).toHaveLength(1);
  });

  it('no SMS centre listening', async () => {
    const gone = await smsCentre();
    await gone.close();
    const h = (harness = await smsHarness(
      createSmsSender({ smsUrl: `smpp://iess:s3cret@127.0.0.1:${gone.port}`, timeoutMs: 2_000, retry: quickRetry }),
    ));
    const res = await start(h, await grantFor(h, JORGE.id));
    expect([res.status, await res.json()]).toEqual([503, { error: 'sms_unavailable' }]);
  });

  it('a centre busy for a moment: the retry delivers, and the code it carries is the one that verifies', async () => {
    const { centre, h } = await stand({ refuseSubmit: smpp.ESME_RTHROTTLED, refuseTimes: 2 });
    const grant = await grantFor(h, JORGE.id);
    const res = await start(h, grant);
    expect(res.status).toBe(200);
    expect(centre.received).toHaveLength(3);
    // every try carried the same message: one code, not three
    expect(new Set(centre.received.map((r) => r.text)).size).toBe(1);
    const code = /\b(\d{6})\b/.exec(centre.received[2]?.text ?? '')?.[1] ?? '';
    expect(parsedVerify(await verify(h, grant, code))).toMatchObject({ ok: true });
  });
});
