import type { Hono } from 'hono';
import type { Kysely, Selectable } from 'kysely';
import type { ActivationTable, CentralDatabase } from '../../db/central/schema';
import type { CentralDeps } from './deps';
import { findLiveGrant } from './grants';
import { fail, parseBody, reply } from './http';
import { ACTIVATION_PAGES, EMAIL_HELP, sendPage } from './pages';
import { randomToken, sha256 } from './secrets';

type Activation = Selectable<ActivationTable>;

/** The token of the latest start for a grant (older ones are superseded). */
export async function currentActivation(db: Kysely<CentralDatabase>, grantHash: string): Promise<Activation | undefined> {
  return db.selectFrom('activation').selectAll().where('grant_hash', '=', grantHash).where('superseded', '=', 0).executeTakeFirst();
}

export function activationState(row: Activation, now: number): 'pending' | 'confirmed' | 'expired' {
  if (row.confirmed_at !== null) return 'confirmed';
  return row.expires_at <= now ? 'expired' : 'pending';
}

/** Trámite steps 9–10: the emailed link that proves the person reads that mailbox. */
export function registerActivationRoutes(app: Hono, deps: CentralDeps): void {
  const { db } = deps;

  app.post('/api/v1/activation/start', async (c) => {
    const body = await parseBody(c, 'activationStart');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const token = randomToken(32);
    const expiresAt = now + deps.activationTtlSeconds * 1000;
    await db.transaction().execute(async (trx) => {
      // a resend makes every earlier link for this grant useless
      await trx.updateTable('activation').set({ superseded: 1 }).where('grant_hash', '=', grant.grant_hash).execute();
      await trx
        .insertInto('activation')
        .values({ token_hash: sha256(token), grant_hash: grant.grant_hash, email: body.value.email, created_at: now, expires_at: expiresAt, confirmed_at: null, superseded: 0 })
        .execute();
    });
    return reply(c, 'activationStart', { token, link: `${deps.publicUrl}/activar/${token}`, expiresAt });
  });

  app.post('/api/v1/activation/status', async (c) => {
    const body = await parseBody(c, 'activationStatus');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const activation = await currentActivation(db, grant.grant_hash);
    if (!activation) return fail(c, 404, 'not_found');
    return reply(c, 'activationStatus', { state: activationState(activation, now) });
  });

  app.get('/activar/:token', async (c) => {
    const token = c.req.param('token');
    const now = deps.now();
    const row = token.length <= 100 ? await db.selectFrom('activation').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst() : undefined;
    const page = (p: (typeof ACTIVATION_PAGES)[keyof typeof ACTIVATION_PAGES]) => sendPage(c, p.status, p.title, [...p.text], p.tone);
    if (!row) return page(ACTIVATION_PAGES.unknown);
    if (row.confirmed_at !== null) return page(ACTIVATION_PAGES.used);
    if (row.superseded === 1) return page(ACTIVATION_PAGES.replaced);
    if (row.expires_at <= now) return page(ACTIVATION_PAGES.expired);
    // confirm only if still unconfirmed: two taps at once confirm once
    const updated = await db
      .updateTable('activation')
      .set({ confirmed_at: now })
      .where('token_hash', '=', row.token_hash)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return page(ACTIVATION_PAGES.used);
    return page(ACTIVATION_PAGES.confirmed);
  });

  // the kiosk's QR points here when the person's mail provider has no known web inbox
  app.get('/ayuda/correo', (c) => sendPage(c, 200, EMAIL_HELP.title, EMAIL_HELP.text, 'neutral'));
}
