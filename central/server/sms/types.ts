/** One text message to one mobile number (national form, e.g. 0991234567). */
export type OutgoingSms = { to: string; text: string };

/**
 * 'unavailable': the SMS centre could not be reached, refused our login or did not answer in time
 * (try again, or use the email); 'rejected': it, or our own check, refused this message for good.
 */
export type SmsResult = { ok: true; messageId: string } | { ok: false; reason: 'unavailable' | 'rejected' };

/** A message kept by the capture outbox; `sentAt` is epoch milliseconds. */
export type CapturedSms = { to: string; text: string; sentAt: number };

export interface CapturedSmsOutbox {
  /** newest first */
  list(): CapturedSms[];
  /** the newest message to that number, or undefined */
  latestTo(number: string): CapturedSms | undefined;
}

/** How the central's codes leave it by SMS; `send` never throws: failures are values. */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<SmsResult>;
  /** the capture outbox when no SMS centre is configured (SMS_URL unset), else null */
  readonly outbox: CapturedSmsOutbox | null;
  close(): Promise<void>;
}
