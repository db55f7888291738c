import { z } from 'zod';
import { parseSmsUrl } from './server/sms/smpp';

const port = z.coerce.number().int().min(0).max(65535);

/** The standalone central's environment (`npm run central`), read once at start. */
export const CentralEnv = z.object({
  CENTRAL_PORT: port.default(4010),
  CENTRAL_PUBLIC_URL: z.string().url().optional(),
  CENTRAL_SEED_FILE: z.string().min(1).optional(),
  ACTIVATION_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(180),
  EMPLOYER_CODE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** holds central.db; unset keeps the central in memory */
  CENTRAL_DATA_DIR: z.string().min(1).optional(),
  /** postgres://…: the central's data in PostgreSQL, shared by every node; unset = SQLite */
  CENTRAL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
    .optional(),
  /** connections per node to PostgreSQL */
  CENTRAL_DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  /** PEM file of the key kiosks seal to; every node of one central must read the same one */
  CENTRAL_SEAL_KEY_FILE: z.string().min(1).optional(),
  /** the enrollment code technicians give kiosks (KIOSK_ENROLL_CODE); unset = no enrollment */
  CENTRAL_ENROLL_CODE: z.string().min(8).max(200).optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('IESS <no-responder@iess.gob.ec>'),
  /** the SMS centre for SMS codes; unset = the built-in capture outbox (demo, technician view) */
  SMS_URL: z
    .string()
    .refine((v) => parseSmsUrl(v) !== null, 'must look like smpp://user:pass@host:port (optionally ?from=IESS)')
    .optional(),
  /** PEM files: with both, the central serves HTTPS */
  CENTRAL_TLS_CERT_FILE: z.string().min(1).optional(),
  CENTRAL_TLS_KEY_FILE: z.string().min(1).optional(),
  /** a folder of signed releases (npm run release) served at /updates/, a kiosk's UPDATE_URL */
  CENTRAL_UPDATES_DIR: z.string().min(1).optional(),
});

export type CentralConfig = {
  port: number;
  publicUrl: string | undefined;
  seedFile: string | undefined;
  activationTtlSeconds: number;
  codeTtlSeconds: number;
  dataDir: string | undefined;
  databaseUrl: string | undefined;
  poolMax: number | undefined;
  sealKeyFile: string | undefined;
  enrollCode: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  smsUrl: string | undefined;
  tls: { certFile: string; keyFile: string } | undefined;
  updatesDir: string | undefined;
};

export type CentralConfigResult = { ok: true; config: CentralConfig } | { ok: false; problems: string[] };

/** Empty strings count as unset, as a shell `VAR=` usually means. */
export function readCentralConfig(env: Record<string, string | undefined>): CentralConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = CentralEnv.safeParse(cleaned);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const e = parsed.data;
  if ((e.CENTRAL_TLS_CERT_FILE === undefined) !== (e.CENTRAL_TLS_KEY_FILE === undefined)) {
    return { ok: false, problems: ['CENTRAL_TLS_CERT_FILE and CENTRAL_TLS_KEY_FILE go together'] };
  }
  if (e.CENTRAL_DATABASE_URL && !e.CENTRAL_SEAL_KEY_FILE && !e.CENTRAL_DATA_DIR) {
    // a node with a key of its own could not open what a kiosk sealed for another node
    return {
      ok: false,
      problems: [
        'CENTRAL_DATABASE_URL needs CENTRAL_SEAL_KEY_FILE (or CENTRAL_DATA_DIR): every node must share one key',
      ],
    };
  }
  return {
    ok: true,
    config: {
      port: e.CENTRAL_PORT,
      publicUrl: e.CENTRAL_PUBLIC_URL,
      seedFile: e.CENTRAL_SEED_FILE,
      activationTtlSeconds: e.ACTIVATION_TTL_SECONDS,
      codeTtlSeconds: e.EMPLOYER_CODE_TTL_SECONDS,
      dataDir: e.CENTRAL_DATA_DIR,
      databaseUrl: e.CENTRAL_DATABASE_URL,
      poolMax: e.CENTRAL_DATABASE_POOL_MAX,
      sealKeyFile: e.CENTRAL_SEAL_KEY_FILE,
      enrollCode: e.CENTRAL_ENROLL_CODE,
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      smsUrl: e.SMS_URL,
      tls:
        e.CENTRAL_TLS_CERT_FILE && e.CENTRAL_TLS_KEY_FILE
          ? { certFile: e.CENTRAL_TLS_CERT_FILE, keyFile: e.CENTRAL_TLS_KEY_FILE }
          : undefined,
      updatesDir: e.CENTRAL_UPDATES_DIR,
    },
  };
}
