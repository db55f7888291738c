import type { Kysely } from 'kysely';
import { z } from 'zod';
import { outboxRowByKey, type OutboxRow } from '../../../db/kiosk/outbox';
import type { KioskDb } from '../../../db/kiosk/schema';
import type { Mailer } from '../mail/types';
import type { DeliveryOutcome, PushBatch } from './drain';

/** A local outbox kind: delivered by SMTP, never sent to the central. */
export const MAIL_NOTIFICATION = 'mail.notification';
export const LOCAL_OUTBOX_KINDS = [MAIL_NOTIFICATION] as const;
export type LocalOutboxKind = (typeof LOCAL_OUTBOX_KINDS)[number];

/**
 * A queued notification (SMTP down → retry from the outbox). It holds an address
 * until delivered, which DESIGN §4 allows for outbox rows; the payload is cleared on delivery
 * or dead-letter like a credentials row. `afterKey`: the credentials row it announces; the mail
 * waits until the central has it and is dropped if the central refused it (nothing changed).
 */
export const MailNotificationPayload = z
  .object({
    to: z.string().email().max(254),
    subject: z.string().max(200),
    text: z.string().max(20_000),
    html: z.string().max(100_000),
    afterKey: z.string().max(64).optional(),
  })
  .strict();
export type MailNotificationPayload = z.infer<typeof MailNotificationPayload>;

function payloadOf(row: OutboxRow): MailNotificationPayload | null {
  try {
    const parsed = MailNotificationPayload.safeParse(JSON.parse(row.payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The mail loop's push: each row is one SMTP send. SMTP unreachable → `ok:false` (the drain
 * backs off with jitter and retries); the server refused the address for good → rejected
 * (dead-letter, visible to staff). Rows already sent in the batch keep their outcome.
 */
export function createMailPush(db: Kysely<KioskDb>, mailer: Mailer): PushBatch {
  return async (rows) => {
    const outcomes: DeliveryOutcome[] = [];
    const stop = (error: string) =>
      outcomes.length > 0 ? { ok: true as const, outcomes } : { ok: false as const, error };
    for (const row of rows) {
      const key = row.idempotency_key;
      const mail = payloadOf(row);
      if (!mail) {
        outcomes.push({ key, outcome: 'rejected', error: 'invalid_payload' });
        continue;
      }
      if (mail.afterKey) {
        // a pruned credentials row was delivered long ago; only pending and dead matter here
        const credentials = await outboxRowByKey(db, mail.afterKey);
        if (credentials?.status === 'pending') return stop('awaiting_credentials');
        if (credentials?.status === 'dead') {
          outcomes.push({ key, outcome: 'rejected', error: 'credentials_rejected' });
          continue;
        }
      }
      const sent = await mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      if (sent.ok) outcomes.push({ key, outcome: 'applied' });
      else if (sent.reason === 'rejected') outcomes.push({ key, outcome: 'rejected', error: 'mail_rejected' });
      else return stop('smtp_unavailable');
    }
    return { ok: true, outcomes };
  };
}
