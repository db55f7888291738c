import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../db/kiosk/open';
import type { OutboxRow } from '../../../db/kiosk/outbox';
import { createMailer } from '../mail/mailer';
import { startTestSmtp, unusedPort } from '../mail/testing';
import type { PushBatch } from './drain';
import { MAIL_NOTIFICATION, type MailNotificationPayload } from './mail-push';
import { createKioskOutbox } from './outbox-service';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real SMTP server, closed after the test. */
async function startSmtp(port = 0, refuse?: string) {
  const inbox = await startTestSmtp({ port, ...(refuse ? { refuse } : {}) });
  cleanups.push(inbox.close);
  return inbox;
}

async function until(check: () => Promise<boolean>, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const EMAIL = 'maria@example.com';
const notice = (afterKey?: string): MailNotificationPayload => ({
  to: EMAIL,
  subject: 'Su clave fue cambiada',
  text: 'Su clave del IESS fue cambiada.',
  html: '<p>Su clave del IESS fue cambiada.</p>',
  ...(afterKey ? { afterKey } : {}),
});

/** An outbox whose central push is a switch (up: applies, down: unreachable, refuse: 4xx). */
async function setup(smtpPort: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mail-outbox-'));
  const kiosk = await openKioskDb(dir);
  let central: 'up' | 'down' | 'refuse' = 'up';
  const pushedKinds: string[] = [];
  const push: PushBatch = async (rows) => {
    pushedKinds.push(...rows.map((r) => r.kind));
    if (central === 'down') return { ok: false, error: 'unavailable' };
    return {
      ok: true,
      outcomes: rows.map((r) =>
        central === 'up'
          ? { key: r.idempotency_key, outcome: 'applied' as const }
          : { key: r.idempotency_key, outcome: 'rejected' as const, error: 'grant_invalid' },
      ),
    };
  };
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    from: 'IESS <no-responder@iess.gob.ec>',
    timeoutMs: 1_000,
  });
  const outbox = createKioskOutbox({
    db: kiosk.db,
    sqlite: kiosk.sqlite,
    push,
    mailer,
    intervalMs: 100,
    mailIntervalMs: 100,
    random: () => 0,
  });
  outbox.start();
  cleanups.push(async () => {
    await outbox.stop();
    mailer.close();
    await kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const row = async (key: string): Promise<OutboxRow> =>
    kiosk.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
  return { kiosk, outbox, pushedKinds, row, setCentral: (state: typeof central) => (central = state) };
}

describe('notification mails through the outbox (SMTP down)', () => {
  it('SMTP down: the mail waits in the outbox and retries; once SMTP is up it is sent once and its address leaves the row', async () => {
    const port = await unusedPort();
    const t = await setup(port);
    const key = await t.outbox.append(MAIL_NOTIFICATION, 'mail-s1', notice());
    await until(async () => (await t.row(key)).attempts >= 2);
    const waiting = await t.row(key);
    expect(waiting).toMatchObject({ status: 'pending', last_error: 'smtp_unavailable' });
    expect(waiting.payload).toContain(EMAIL);
    expect(await t.outbox.status()).toMatchObject({ depth: 1, deadLetters: 0 });

    const inbox = await startSmtp(port);
    await until(async () => (await t.row(key)).status === 'delivered');
    expect(inbox.received.map((m) => m.subject)).toEqual(['Su clave fue cambiada']);
    expect((await t.row(key)).payload).toBe('{}');
    // a local kind: the central never saw it
    expect(t.pushedKinds).not.toContain(MAIL_NOTIFICATION);
  });

  it('waits for its credentials row: sent only after the central has the clave', async () => {
    const inbox = await startSmtp();
    const t = await setup(inbox.port);
    t.setCentral('down');
    const credentials = await t.outbox.append('credentials.set', 's2', { grant: 'g' });
    const key = await t.outbox.append(MAIL_NOTIFICATION, 'mail-s2', notice(credentials));
    await until(async () => (await t.row(key)).last_error === 'awaiting_credentials');
    expect(inbox.received).toEqual([]);

    t.setCentral('up');
    t.outbox.networkReturned();
    await until(async () => (await t.row(key)).status === 'delivered');
    expect((await t.row(credentials)).status).toBe('delivered');
    expect(inbox.received).toHaveLength(1);
  });

  it('dead-letters it when the central refused the clave (nothing changed), or when SMTP refuses the address', async () => {
    const inbox = await startSmtp(0, 'nadie@example.com');
    const t = await setup(inbox.port);
    t.setCentral('refuse');
    const credentials = await t.outbox.append('credentials.set', 's3', { grant: 'g' });
    const dropped = await t.outbox.append(MAIL_NOTIFICATION, 'mail-s3', notice(credentials));
    const refused = await t.outbox.append(MAIL_NOTIFICATION, 'mail-s4', { ...notice(), to: 'nadie@example.com' });
    await until(async () => (await t.row(dropped)).status === 'dead' && (await t.row(refused)).status === 'dead');
    expect(await t.row(dropped)).toMatchObject({ last_error: 'credentials_rejected', payload: '{}' });
    expect(await t.row(refused)).toMatchObject({ last_error: 'mail_rejected', payload: '{}' });
    expect(inbox.received).toEqual([]);
    expect((await t.outbox.status()).deadLetters).toBe(3);
  });
});
