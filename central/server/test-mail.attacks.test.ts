import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brokenAuditRow } from './audit';
import { createHarness, newIdentity, type Harness } from './testkit';
import { TEST_MAILS_PER_HOUR } from './test-mail';

/**
 * POST /mail/test makes the central send mail to an address the caller chose: the attacks are a
 * stranger using it as a relay, an enrolled kiosk spamming or phishing through it, and header
 * injection through the address.
 */
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const PATH = '/api/v1/mail/test';

describe('the technician test mail route', () => {
  it('refuses a caller without an enrolled key (401) and sends nothing', async () => {
    const bare = await h.app.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'victima@example.com', staffId: 'T001' }),
    });
    expect(bare.status).toBe(401);
    expect(
      (await h.call(PATH, { to: 'victima@example.com', staffId: 'T001' }, {}, newIdentity('KIOSCO-99'))).status,
    ).toBe(401);
    expect(h.mailer.mailbox.list()).toEqual([]);
  });

  it('sends only its fixed text: a caller cannot add a subject, body or header', async () => {
    const extra = await h.call(PATH, { to: 'a@example.com', staffId: 'T001', subject: 'Su clave fue bloqueada' });
    expect(extra.status).toBe(400);
    const injected = await h.call(PATH, { to: 'a@example.com\r\nBcc: todos@example.com', staffId: 'T001' });
    expect(injected.status).toBe(400);
    expect(h.mailer.mailbox.list()).toEqual([]);
    const ok = await h.call(PATH, { to: 'soporte@example.com', staffId: 'T001' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ via: 'capture', maskedTo: expect.not.stringContaining('soporte') as string });
    const mail = h.lastMailTo('soporte@example.com');
    expect(mail.subject).toBe('PRUEBA DE CORREO');
    expect(mail.text).toContain(h.kiosk.kioskId);
  });

  it(`allows ${TEST_MAILS_PER_HOUR} a kiosk an hour, then 429; each send is in the audit chain`, async () => {
    for (let i = 0; i < TEST_MAILS_PER_HOUR; i++)
      expect((await h.call(PATH, { to: `t${i}@example.com`, staffId: 'T001' })).status).toBe(200);
    expect((await h.call(PATH, { to: 'otra@example.com', staffId: 'T001' })).status).toBe(429);
    h.clock.t += 60 * 60_000;
    expect((await h.call(PATH, { to: 'otra@example.com', staffId: 'T001' })).status).toBe(200);
    const audit = await h.store.db
      .selectFrom('audit')
      .selectAll()
      .where('action', '=', 'technician.mail.test_sent')
      .execute();
    expect(audit).toHaveLength(TEST_MAILS_PER_HOUR + 1);
    expect(audit.every((r) => r.kiosk_id === h.kiosk.kioskId && !(r.detail ?? '').includes('t0@'))).toBe(true);
    expect(await brokenAuditRow(h.store.db)).toBeNull();
  });
});
