import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import type { CentralDeps } from './deps';
import { findLiveGrant, issueGrant } from './grants';
import { fail, parseBody, reply } from './http';
import { recordAudit } from './audit';
import { employerCodeEmail } from './mail/templates';
import { maskEmail } from '../../domain/mask';
import { takeLookup } from './ratelimit';
import { judgeCode, newCode } from './one-time-code';
import { hashSecret, verifySecret } from './secrets';
import { routes } from '../contract';

/** Employer flow (DESIGN §2): RUC + branch + legal representative → 6-digit code → new clave. */
export function registerEmployerRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const { db } = deps;

  app.post(routes.employerLookup.path, async (c) => {
    const body = await parseBody(c, 'employerLookup');
    if (!body.ok) return body.response;
    if (!(await takeLookup(deps, 'employer', c.get('kioskId')))) return fail(c, 429, 'rate_limited');
    const { ruc, branch, legalRepId } = body.value;
    const employer = await db
      .selectFrom('employer')
      .selectAll()
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .executeTakeFirst();
    // one answer for any mismatch: the reply must not confirm that a RUC or branch exists
    if (!employer || employer.legal_rep_id !== legalRepId) return reply(c, 'employerLookup', { ok: false });
    const grant = await issueGrant(
      db,
      { kind: 'employer', subjectId: `${ruc}:${branch}`, intent: 'employer' },
      deps.now(),
    );
    await recordAudit(db, {
      at: deps.now(),
      kioskId: c.get('kioskId'),
      action: 'grant.issued',
      subject: `${ruc}:${branch}`,
    });
    return reply(c, 'employerLookup', { ok: true, grant, name: employer.name, maskedEmail: maskEmail(employer.email) });
  });

  app.post(routes.employerCodeStart.path, async (c) => {
    const body = await parseBody(c, 'employerCodeStart');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'employer', now);
    if (!grant || grant.code_attempts_left <= 0) return fail(c, 403, 'grant_invalid');
    // a new code replaces the old one; the 5 tries belong to the grant, so a resend restores none
    const { code, expiresAt } = newCode(deps.codeTtlSeconds, now);
    await db
      .updateTable('grant')
      .set({ code_hash: await hashSecret(code, deps.hashParams), code_expires_at: expiresAt, code_verified: 0 })
      .where('grant_hash', '=', grant.grant_hash)
      .execute();
    // the code goes only to the corporate mailbox: the kiosk that asked never sees it
    const [ruc = '', branch = ''] = grant.subject_id.split(':');
    const employer = await db
      .selectFrom('employer')
      .select(['name', 'email'])
      .where('ruc', '=', ruc)
      .where('branch', '=', branch)
      .executeTakeFirstOrThrow();
    const mail = employerCodeEmail({
      code,
      employerName: employer.name,
      ttlMinutes: Math.max(1, Math.round(deps.codeTtlSeconds / 60)),
    });
    const sent = await deps.mailer.send({ to: employer.email, ...mail });
    if (!sent.ok) return fail(c, 503, 'mail_unavailable');
    await recordAudit(db, {
      at: now,
      kioskId: c.get('kioskId'),
      action: 'employer.code_sent',
      subject: grant.subject_id,
    });
    return reply(c, 'employerCodeStart', { maskedEmail: maskEmail(employer.email), expiresAt });
  });

  app.post(routes.employerCodeVerify.path, async (c) => {
    const body = await parseBody(c, 'employerCodeVerify');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'employer', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    if (grant.code_hash === null || grant.code_expires_at === null) return fail(c, 409, 'conflict');
    const left = grant.code_attempts_left;
    const judged = judgeCode(
      { verified: grant.code_verified === 1, attemptsLeft: left, expiresAt: grant.code_expires_at },
      now,
    );
    if (judged === 'verified') return reply(c, 'employerCodeVerify', { ok: true, attemptsLeft: left, expired: false });
    if (judged === 'exhausted') return reply(c, 'employerCodeVerify', { ok: false, attemptsLeft: 0, expired: false });
    if (judged === 'expired') return reply(c, 'employerCodeVerify', { ok: false, attemptsLeft: left, expired: true });
    // a try is spent before the code is checked, in one conditional statement: 50 guesses sent
    // at once, to any node, get 5 checks between them, not 50
    const reserved = await db
      .updateTable('grant')
      .set((eb) => ({ code_attempts_left: eb('code_attempts_left', '-', 1) }))
      .where('grant_hash', '=', grant.grant_hash)
      .where('code_hash', '=', grant.code_hash)
      .where('code_attempts_left', '>', 0)
      .returning('code_attempts_left')
      .executeTakeFirst();
    if (!reserved) {
      // the tries ran out meanwhile, or a new code replaced this one: nothing was checked
      const fresh = await findLiveGrant(db, body.value.grant, 'employer', now);
      return reply(c, 'employerCodeVerify', {
        ok: false,
        attemptsLeft: fresh?.code_attempts_left ?? 0,
        expired: false,
      });
    }
    if (await verifySecret(grant.code_hash, body.value.code)) {
      // tries count mistakes: the right code gives its try back
      await db
        .updateTable('grant')
        .set((eb) => ({ code_verified: 1, code_attempts_left: eb('code_attempts_left', '+', 1) }))
        .where('grant_hash', '=', grant.grant_hash)
        .where('code_hash', '=', grant.code_hash)
        .execute();
      return reply(c, 'employerCodeVerify', {
        ok: true,
        attemptsLeft: reserved.code_attempts_left + 1,
        expired: false,
      });
    }
    return reply(c, 'employerCodeVerify', { ok: false, attemptsLeft: reserved.code_attempts_left, expired: false });
  });
}
