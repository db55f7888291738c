import smpp from 'smpp';
import type { Pdu, Session } from 'smpp';
import { isGsm7Basic, septets, SINGLE_SEGMENT_SEPTETS } from './gsm7';
import type { SmsResult, SmsSender } from './types';

/** The person is waiting at the kiosk: a silent SMS centre must fail fast, as SMTP does. */
export const DEFAULT_SMPP_TIMEOUT_MS = 5_000;

export type SmppTarget = { host: string; port: number; systemId: string; password: string; source: string };

/**
 * `smpp://user:pass@host:port` (SMS_URL); `?from=IESS` sets the sender shown on the phone.
 * null when it is not such a URL, so the configuration check can name the variable.
 */
export function parseSmsUrl(url: string): SmppTarget | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'smpp:' || !parsed.hostname || !parsed.username) return null;
  const port = parsed.port === '' ? 2775 : Number(parsed.port);
  const source = parsed.searchParams.get('from') ?? 'IESS';
  if (!/^[A-Za-z0-9 ]{1,11}$/.test(source)) return null;
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    source,
  };
}

/** SMPP answers that will not change on a retry of the same message. */
const PERMANENT = new Set([smpp.ESME_RINVDSTADR]);

/** Ecuador's national mobile form (09xxxxxxxx) as the international number SMS centres route on. */
export function internationalOf(mobile: string): string {
  return mobile.startsWith('0') ? `593${mobile.slice(1)}` : mobile;
}

/**
 * SMPP delivery: one short session per message (bind as transmitter, submit_sm, unbind). A code
 * goes out a few times an hour per office, so a kept-open bind buys nothing and would need its
 * own reconnect and keep-alive logic; a session per message has no state to go stale.
 */
export function createSmppSender(options: { target: SmppTarget; timeoutMs?: number }): SmsSender {
  const { target } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMPP_TIMEOUT_MS;
  const open = new Set<Session>();

  function submit(to: string, text: string): Promise<SmsResult> {
    return new Promise<SmsResult>((resolve) => {
      let settled = false;
      const session = smpp.connect({ host: target.host, port: target.port });
      open.add(session);
      const finish = (result: SmsResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // after a delivered message the socket is ended (the SMS centre sees a clean close);
        // after a failure it is destroyed, so a half-open peer cannot hold it
        const done = () => open.delete(session);
        if (result.ok) session.close(done);
        else session.destroy(done);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ ok: false, reason: 'unavailable' }), timeoutMs);
      session.on('error', () => finish({ ok: false, reason: 'unavailable' }));
      session.on('close', () => finish({ ok: false, reason: 'unavailable' }));
      session.bind_transmitter({ system_id: target.systemId, password: target.password }, (bound: Pdu) => {
        // a refused login is our configuration, not this message: try again later, tell staff
        if (bound.command_status !== smpp.ESME_ROK) return finish({ ok: false, reason: 'unavailable' });
        session.submit_sm(
          {
            source_addr_ton: 5, // alphanumeric sender
            source_addr_npi: 0,
            source_addr: target.source,
            dest_addr_ton: 1, // international
            dest_addr_npi: 1, // E.164
            destination_addr: internationalOf(to),
            data_coding: 0, // the SMS centre's default alphabet: GSM 03.38
            short_message: text,
          },
          (submitted: Pdu) => {
            if (submitted.command_status === smpp.ESME_ROK)
              return finish({ ok: true, messageId: String(submitted.message_id ?? '') });
            finish({ ok: false, reason: PERMANENT.has(submitted.command_status) ? 'rejected' : 'unavailable' });
          },
        );
      });
    });
  }

  return {
    outbox: null,
    async send(sms) {
      if (!/^\d{8,15}$/.test(sms.to)) return { ok: false, reason: 'rejected' };
      if (!isGsm7Basic(sms.text) || septets(sms.text) > SINGLE_SEGMENT_SEPTETS)
        return { ok: false, reason: 'rejected' };
      return submit(sms.to, sms.text);
    },
    async close() {
      await Promise.all([...open].map((s) => new Promise<void>((done) => s.destroy(() => done()))));
      open.clear();
    },
  };
}
