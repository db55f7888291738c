import type { Hono } from 'hono';
import { maskEmail } from '../../domain/mask';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import { testEmail } from './mail/templates';
import { routes } from '../contract';

/** Test messages per kiosk per hour: enough to check a setting twice, too few to relay spam. */
export const TEST_MAILS_PER_HOUR = 5;
const HOUR_MS = 60 * 60_000;
const ADDRESS = /^[^\s@<>"']{1,64}@[^\s@<>"']+\.[^\s@<>"']{2,}$/;

/**
 * POST /mail/test: a technician on an enrolled kiosk checks that the central's mail works. Who can
 * reach it: any enrolled kiosk (signed). What it trusts: nothing of the body but the address; the
 * message is fixed and names only the kiosk that the signature proved, so it cannot carry a
 * phishing text. What it reveals: whether the mail went out and how (SMTP or the capture mailbox).
 * A kiosk may send TEST_MAILS_PER_HOUR; each send is audited with the staff id the kiosk vouched for.
 */
export function registerTestMailRoute(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const sent = new Map<string, number[]>();
  app.post(routes.testMail.path, async (c) => {
    const body = await parseBody(c, 'testMail');
    if (!body.ok) return body.response;
    const kioskId = c.get('kioskId');
    const { to, staffId } = body.value;
    if (!ADDRESS.test(to)) return fail(c, 400, 'invalid_request');
    const now = deps.now();
    const recent = (sent.get(kioskId) ?? []).filter((at) => now - at < HOUR_MS);
    if (recent.length >= TEST_MAILS_PER_HOUR) return fail(c, 429, 'rate_limited');
    recent.push(now);
    sent.set(kioskId, recent);
    const mail = testEmail({ kioskId, when: new Date(now) });
    const result = await deps.mailer.send({ to, ...mail });
    await recordAudit(deps.db, {
      at: now,
      kioskId,
      action: result.ok ? 'technician.mail.test_sent' : 'technician.mail.test_failed',
      subject: staffId,
      detail: maskEmail(to),
    });
    if (!result.ok) return fail(c, 503, 'mail_unavailable');
    return reply(c, 'testMail', { via: deps.mailer.mailbox ? 'capture' : 'smtp', maskedTo: maskEmail(to) });
  });
}
