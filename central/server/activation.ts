import type { Context, Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import type { Kysely, Selectable } from 'kysely';
import type { ActivationTable, CentralDatabase } from '../../db/central/schema';
import type { CentralDeps } from './deps';
import { lockedForUpdate } from '../../db/dialect';
import { findLiveGrant } from './grants';
import { fail, parseBody, reply } from './http';
import { recordAudit } from './audit';
import { activationEmail } from './mail/templates';
import { maskEmail, maskName } from '../../domain/mask';
import { ACTIVATION_PAGES, CONFIRM_PAGE_HEADERS, EMAIL_HELP, renderPage, sendPage } from './pages';
import { randomToken, sha256 } from './secrets';
import { routes } from '../contract';

type Activation = Selectable<ActivationTable>;

/** The token of the latest start for a grant (older ones are superseded). */
export async function currentActivation(
  db: Kysely<CentralDatabase>,
  grantHash: string,
): Promise<Activation | undefined> {
  return db
    .selectFrom('activation')
    .selectAll()
    .where('grant_hash', '=', grantHash)
    .where('superseded', '=', 0)
    .executeTakeFirst();
}

export function activationState(row: Activation, now: number): 'pending' | 'confirmed' | 'expired' {
  if (row.confirmed_at !== null) return 'confirmed';
  return row.expires_at <= now ? 'expired' : 'pending';
}

/** The address the link goes to, by the central's rule (trámite step 7), or a refusal. */
async function activationAddress(
  deps: CentralDeps,
  personId: string,
  typed: string | undefined,
): Promise<{ ok: true; email: string; fullName: string } | { ok: false; status: 400 | 409 }> {
  const person = await deps.db
    .selectFrom('afiliado')
    .select(['email', 'data_updated_in_person', 'full_name'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const onFile = person.data_updated_in_person === 1 && person.email ? person.email : null;
  // data updated in person: the address on file is the one; a kiosk cannot send the link elsewhere
  if (onFile !== null)
    return typed === undefined || typed.toLowerCase() === onFile.toLowerCase()
      ? { ok: true, email: onFile, fullName: person.full_name }
      : { ok: false, status: 409 };
  // otherwise the person registers one, typed at the kiosk
  return typed === undefined ? { ok: false, status: 400 } : { ok: true, email: typed, fullName: person.full_name };
}

/** Trámite steps 9–10: the emailed link that proves the person reads that mailbox. */
export function registerActivationRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const { db } = deps;

  app.post(routes.activationStart.path, async (c) => {
    const body = await parseBody(c, 'activationStart');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const address = await activationAddress(deps, grant.subject_id, body.value.email);
    if (!address.ok) return fail(c, address.status, address.status === 409 ? 'conflict' : 'invalid_request');
    const token = randomToken(32);
    const expiresAt = now + deps.activationTtlSeconds * 1000;
    await db.transaction().execute(async (trx) => {
      // two starts at once (two nodes) must leave one live link, not two: the grant's row is the
      // lock that queues them (PostgreSQL; SQLite write transactions are serial anyway)
      await lockedForUpdate(
        trx,
        trx.selectFrom('grant').select('grant_hash').where('grant_hash', '=', grant.grant_hash),
      ).execute();
      // a resend makes every earlier link for this grant useless
      await trx.updateTable('activation').set({ superseded: 1 }).where('grant_hash', '=', grant.grant_hash).execute();
      await trx
        .insertInto('activation')
        .values({
          token_hash: sha256(token),
          grant_hash: grant.grant_hash,
          email: address.email,
          created_at: now,
          expires_at: expiresAt,
          confirmed_at: null,
          superseded: 0,
        })
        .execute();
    });
    // the link exists only here and in the mail: the kiosk that asked never sees it
    const mail = activationEmail({
      link: `${deps.publicUrl}/activar/${token}`,
      ttlSeconds: deps.activationTtlSeconds,
      fullNameMasked: maskName(address.fullName),
    });
    const sent = await deps.mailer.send({ to: address.email, ...mail });
    if (!sent.ok) return fail(c, 503, 'mail_unavailable');
    await recordAudit(db, { at: now, kioskId: c.get('kioskId'), action: 'activation.sent', subject: grant.subject_id });
    return reply(c, 'activationStart', { maskedEmail: maskEmail(address.email), expiresAt });
  });

  app.post(routes.activationStatus.path, async (c) => {
    const body = await parseBody(c, 'activationStatus');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const activation = await currentActivation(db, grant.grant_hash);
    if (!activation) return fail(c, 404, 'not_found');
    return reply(c, 'activationStatus', { state: activationState(activation, now) });
  });

  type Page = (typeof ACTIVATION_PAGES)[keyof typeof ACTIVATION_PAGES];
  const page = (c: Context, p: Page) => sendPage(c, p.status, p.title, [...p.text], p.tone);
  const findLink = async (token: string) =>
    token.length <= 100
      ? db.selectFrom('activation').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst()
      : undefined;
  /** The page a dead link shows, or null while it can still be confirmed. */
  const deadLinkPage = (row: Activation | undefined, now: number): Page | null => {
    if (!row) return ACTIVATION_PAGES.unknown;
    if (row.confirmed_at !== null) return ACTIVATION_PAGES.used;
    if (row.superseded === 1) return ACTIVATION_PAGES.replaced;
    if (row.expires_at <= now) return ACTIVATION_PAGES.expired;
    return null;
  };

  // GET (and HEAD, which hono answers from it) only shows the button: mail scanners and link
  // previews open links, and must not confirm an address the person never looked at
  app.get('/activar/:token', async (c) => {
    const dead = deadLinkPage(await findLink(c.req.param('token')), deps.now());
    if (dead) return page(c, dead);
    const ready = ACTIVATION_PAGES.ready;
    return c.body(
      renderPage(ready.title, [...ready.text], ready.tone, 'CLIC PARA CONTINUAR'),
      ready.status,
      CONFIRM_PAGE_HEADERS,
    );
  });

  app.post('/activar/:token', async (c) => {
    const now = deps.now();
    const row = await findLink(c.req.param('token'));
    const dead = deadLinkPage(row, now);
    if (dead || !row) return page(c, dead ?? ACTIVATION_PAGES.unknown);
    // confirm only if still unconfirmed: two taps at once confirm once
    const updated = await db
      .updateTable('activation')
      .set({ confirmed_at: now })
      .where('token_hash', '=', row.token_hash)
      .where('confirmed_at', 'is', null)
      .where('superseded', '=', 0)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return page(c, ACTIVATION_PAGES.used);
    const owner = await db
      .selectFrom('grant')
      .select('subject_id')
      .where('grant_hash', '=', row.grant_hash)
      .executeTakeFirst();
    await recordAudit(db, {
      at: now,
      kioskId: null,
      action: 'activation.confirmed',
      subject: owner?.subject_id ?? null,
    });
    return page(c, ACTIVATION_PAGES.confirmed);
  });

  // the kiosk's QR points here when the person's mail provider has no known web inbox
  app.get('/ayuda/correo', (c) => sendPage(c, 200, EMAIL_HELP.title, EMAIL_HELP.text, 'neutral'));
}
