import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routes } from '../../contract';
import { issueGrant } from '../grants';
import type { Harness } from '../testkit';
import { internationalOf } from './smpp';
import {
  grantFor,
  JORGE,
  MARIA,
  offer,
  parsedVerify,
  smsHarness,
  start,
  startAndRead,
  verify,
  wrongOf,
} from './sms-testkit';

/**
 * The SMS code's attacks (docs/security.md, "SMS code" block): a caller without kiosk
 * credentials, and an enrolled kiosk acting maliciously (it holds grants and signs its calls).
 */
let h: Harness;
beforeEach(async () => {
  h = await smsHarness();
});
afterEach(() => h.close());

const SMS_ROUTES = [routes.smsOffer.path, routes.smsStart.path, routes.smsVerify.path];

describe('SMS code attacks', () => {
  it('no kiosk credentials (or only an X-Kiosk-Id header) get 401 on every SMS route, and nothing is sent', async () => {
    const grant = await grantFor(h, JORGE.id);
    for (const path of SMS_ROUTES) {
      for (const headers of [{}, { 'x-kiosk-id': 'KIOSCO-01' }, { authorization: 'Kiosk not-a-token' }] as Record<
        string,
        string
      >[]) {
        const res = await h.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ grant, locale: 'es-EC', code: '123456' }),
        });
        expect([path, res.status, await res.json()]).toEqual([path, 401, { error: 'unauthorized' }]);
      }
    }
    expect(h.deps.sms.outbox?.list()).toEqual([]);
  });

  it('another kiosk holding the grant cannot guess more than 5 in total, and the right code is then refused', async () => {
    const grant = await grantFor(h, MARIA.id, 'recover');
    const { code } = await startAndRead(h, grant, MARIA.mobile, 'KIOSCO-A');
    // the person's own kiosk spends 2; a second, malicious kiosk with the stolen grant tries 10
    await verify(h, grant, wrongOf(code, 1), 'KIOSCO-A');
    await verify(h, grant, wrongOf(code, 2), 'KIOSCO-A');
    const answers = [];
    for (let i = 3; i <= 12; i++) answers.push(parsedVerify(await verify(h, grant, wrongOf(code, i), 'KIOSCO-EVIL')));
    expect(answers.map((a) => a.attemptsLeft)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(answers.slice(2).every((a) => a.locked)).toBe(true);
    const failed = await h.store.db
      .selectFrom('afiliado')
      .select('sms_failed_attempts')
      .where('id', '=', MARIA.id)
      .executeTakeFirstOrThrow();
    expect(failed.sms_failed_attempts).toBe(5);
    expect(parsedVerify(await verify(h, grant, code, 'KIOSCO-A'))).toMatchObject({ ok: false, locked: true });
    // nor does verifying the person afresh at the malicious kiosk start the count over
    const fresh = await grantFor(h, MARIA.id, 'recover');
    expect(await offer(h, fresh, 'KIOSCO-EVIL')).toMatchObject({ available: false, reason: 'locked' });
    expect((await start(h, fresh, 'KIOSCO-EVIL')).status).toBe(423);
  });

  it('no reply carries the code or the unmasked number, in any outcome', async () => {
    const bodies: string[] = [];
    const keep = async (res: Response) => bodies.push(await res.text());
    const grant = await grantFor(h, MARIA.id, 'recover');
    await keep(await h.call(routes.smsOffer.path, { grant }));
    const first = await start(h, grant);
    await keep(first.clone());
    const code = /\b(\d{6})\b/.exec(h.deps.sms.outbox?.latestTo(MARIA.mobile)?.text ?? '')?.[1] ?? '';
    await keep(await start(h, grant)); // too soon: 429
    await keep(await h.call(routes.smsVerify.path, { grant, code: wrongOf(code) }));
    await keep(await h.call(routes.smsVerify.path, { grant, code }));
    await keep(await h.call(routes.smsVerify.path, { grant, code })); // used: 409
    await keep(await h.call(routes.activationStatus.path, { grant }));
    expect(code).toMatch(/^\d{6}$/);
    expect(bodies).toHaveLength(7);
    for (const body of bodies) {
      expect(body).not.toContain(code);
      expect(body).not.toContain(MARIA.mobile);
      expect(body).not.toContain(internationalOf(MARIA.mobile));
      expect(body).not.toContain(MARIA.mobile.slice(2, 7)); // the hidden middle digits
    }
  });

  it('a kiosk cannot send codes to a number it types, nor use an employer grant, nor flood one person', async () => {
    const typed = await h.call(routes.smsStart.path, {
      grant: await grantFor(h, JORGE.id),
      locale: 'es-EC',
      mobile: '0999999999',
    });
    expect([typed.status, await typed.json()]).toEqual([400, { error: 'invalid_request' }]);
    const employer = await issueGrant(
      h.store.db,
      { kind: 'employer', subjectId: '1790011674001:001', intent: 'employer' },
      h.clock.t,
    );
    const bodies = {
      [routes.smsOffer.path]: { grant: employer },
      [routes.smsStart.path]: { grant: employer, locale: 'es-EC' },
      [routes.smsVerify.path]: { grant: employer, code: '123456' },
    };
    for (const [path, body] of Object.entries(bodies)) {
      const res = await h.call(path, body);
      expect([path, res.status]).toEqual([path, 403]);
    }
    // many kiosks, fresh grants each: still 3 codes an hour to the one phone
    let sent = 0;
    for (let i = 0; i < 8; i++) {
      const res = await start(h, await grantFor(h, MARIA.id, 'recover'), `KIOSCO-${i}`);
      if (res.status === 200) sent++;
      h.clock.t += 31_000;
    }
    expect(sent).toBe(3);
    expect(h.deps.sms.outbox?.list().filter((m) => m.to === MARIA.mobile)).toHaveLength(3);
  });

  it('kiosks racing for one number cannot get past 3 codes an hour', async () => {
    const grants = await Promise.all(Array.from({ length: 6 }, () => grantFor(h, MARIA.id, 'recover')));
    const statuses = await Promise.all(grants.map((g, i) => start(h, g, `KIOSCO-R${i}`).then((r) => r.status)));
    const sent = h.deps.sms.outbox?.list().filter((m) => m.to === MARIA.mobile) ?? [];
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(sent.length);
    const rows = await h.store.db.selectFrom('sms_code').select('id').execute();
    expect(rows).toHaveLength(sent.length);
  });
});
