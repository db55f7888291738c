/** The mail the kiosk sends: activation links, change notices, employer codes (DESIGN §2). */
export type OutgoingMail = { to: string; subject: string; text: string; html: string };

/**
 * 'unavailable': the server could not be reached or failed for now (try again, tell staff);
 * 'rejected': the server, or our own check, refused this message or address for good.
 */
export type SendResult = { ok: true; messageId: string } | { ok: false; reason: 'unavailable' | 'rejected' };

/** A mail kept by the capture mailbox; `sentAt` is epoch milliseconds. */
export type CapturedMail = { to: string; subject: string; text: string; html: string; sentAt: number };

export interface CapturedMailbox {
  /** newest first */
  list(): CapturedMail[];
  /** the newest mail to `address`, compared without case or surrounding spaces */
  latestTo(address: string): CapturedMail | undefined;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  /** the capture mailbox when no SMTP server is configured, else null */
  readonly mailbox: CapturedMailbox | null;
  close(): void;
}
