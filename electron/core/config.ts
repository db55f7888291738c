import { z } from 'zod';
import { Locale, type SetupNotice } from '../contract/calls';
import { MAINTENANCE_WINDOW, UPDATE_CHANNEL } from '../contract/technician';

const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().int().min(1).max(86_400);

/** DESIGN §5: the environment the kiosk reads, once, at start. Nothing else reads process.env. */
export const EnvSchema = z.object({
  KIOSK_HOST_PORT: port.default(5173),
  KIOSK_DATA_DIR: z.string().min(1).default('.kiosk-data'),
  KIOSK_ID: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .default('KIOSCO-01'),
  KIOSK_OFFICE: z.string().max(80).default('IESS Quito Centro'),
  CENTRAL_URL: z.string().url().optional(),
  /** with CENTRAL_URL: the one-time code to enroll this kiosk's key at first start */
  KIOSK_ENROLL_CODE: z.string().min(1).max(200).optional(),
  /** read by the embedded central too: lets other kiosks enroll with it (demos, tests) */
  CENTRAL_ENROLL_CODE: z.string().min(8).max(200).optional(),
  CENTRAL_PORT: port.default(0),
  CENTRAL_PUBLIC_URL: z.string().url().optional(),
  CENTRAL_SEED_FILE: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//)
    .optional(),
  /** the embedded central's SMS centre (SMPP); unset, its SMS codes are captured for /buzon */
  SMS_URL: z
    .string()
    .regex(/^smpp:\/\/[^\s@/]+@[^\s/]+$/, 'must look like smpp://user:pass@host:port')
    .optional(),
  MAIL_FROM: z.string().default('IESS Clave <no-responder@iess.gob.ec>'),
  ACTIVATION_TTL_SECONDS: seconds.default(180),
  EMPLOYER_CODE_TTL_SECONDS: seconds.default(600),
  KIOSK_LOCALE: Locale.default('es-EC'),
  KIOSK_IDLE_WARN_SECONDS: seconds.default(45),
  KIOSK_IDLE_RESET_SECONDS: seconds.default(60),
  /** trámite step 3: BUSCAR presses per kiosk per minute, a brake on enumerating afiliados */
  KIOSK_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** the generic update folder (electron-updater); unset = this kiosk does not update itself */
  UPDATE_URL: z.string().url().optional(),
  /** the release channel the kiosk follows (latest, beta…) */
  UPDATE_CHANNEL: z.string().regex(UPDATE_CHANNEL).default('latest'),
  /** HH:MM-HH:MM on the kiosk's clock: updates may install then even before 2 idle minutes */
  UPDATE_WINDOW: z.string().regex(MAINTENANCE_WINDOW).optional(),
  /** spoken guidance: `auto` asks pactl / ALSA where the sound goes; a kiosk without either
   * names its fixed route (a handset wired in: `headphones`); anything unknown is the speaker */
  KIOSK_AUDIO_ROUTE: z.enum(['auto', 'speaker', 'headphones']).default('auto'),
  /** the physical key (a KeyboardEvent.key, e.g. F9, Help) that turns spoken guidance on and off */
  KIOSK_SPEECH_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{1,40}$/)
    .default('F9'),
});

export type KioskConfig = {
  hostPort: number;
  dataDir: string;
  kioskId: string;
  officeName: string;
  /** undefined: start the embedded central in-process */
  centralUrl: string | undefined;
  kioskEnrollCode: string | undefined;
  centralEnrollCode: string | undefined;
  centralPort: number;
  centralPublicUrl: string | undefined;
  centralSeedFile: string | undefined;
  smtpUrl: string | undefined;
  smsUrl: string | undefined;
  mailFrom: string;
  activationTtlSeconds: number;
  employerCodeTtlSeconds: number;
  locale: Locale;
  idleWarnSeconds: number;
  idleResetSeconds: number;
  lookupsPerMinute: number;
  updateUrl: string | undefined;
  updateChannel: string;
  maintenanceWindow: string | undefined;
  audioRoute: 'auto' | 'speaker' | 'headphones';
  speechKey: string;
};

export type ConfigResult = { ok: true; config: KioskConfig } | { ok: false; problems: string[] };

/** Empty strings count as unset, as a shell `VAR=` usually means. */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const e = parsed.data;
  if (e.KIOSK_IDLE_RESET_SECONDS <= e.KIOSK_IDLE_WARN_SECONDS) {
    return { ok: false, problems: ['KIOSK_IDLE_RESET_SECONDS must be greater than KIOSK_IDLE_WARN_SECONDS'] };
  }
  // the kiosk's signatures bind each request, but personal data and grants cross too: only a
  // loopback central (same machine) may be reached without TLS
  if (e.CENTRAL_URL && !isTlsOrLoopback(e.CENTRAL_URL)) {
    return {
      ok: false,
      problems: ['CENTRAL_URL must be https:// unless it is on this machine (127.0.0.1, localhost, ::1)'],
    };
  }
  return {
    ok: true,
    config: {
      hostPort: e.KIOSK_HOST_PORT,
      dataDir: e.KIOSK_DATA_DIR,
      kioskId: e.KIOSK_ID,
      officeName: e.KIOSK_OFFICE,
      centralUrl: e.CENTRAL_URL,
      kioskEnrollCode: e.KIOSK_ENROLL_CODE,
      centralEnrollCode: e.CENTRAL_ENROLL_CODE,
      centralPort: e.CENTRAL_PORT,
      centralPublicUrl: e.CENTRAL_PUBLIC_URL,
      centralSeedFile: e.CENTRAL_SEED_FILE,
      smtpUrl: e.SMTP_URL,
      smsUrl: e.SMS_URL,
      mailFrom: e.MAIL_FROM,
      activationTtlSeconds: e.ACTIVATION_TTL_SECONDS,
      employerCodeTtlSeconds: e.EMPLOYER_CODE_TTL_SECONDS,
      locale: e.KIOSK_LOCALE,
      idleWarnSeconds: e.KIOSK_IDLE_WARN_SECONDS,
      idleResetSeconds: e.KIOSK_IDLE_RESET_SECONDS,
      lookupsPerMinute: e.KIOSK_LOOKUPS_PER_MINUTE,
      updateUrl: e.UPDATE_URL,
      updateChannel: e.UPDATE_CHANNEL,
      maintenanceWindow: e.UPDATE_WINDOW,
      audioRoute: e.KIOSK_AUDIO_ROUTE,
      speechKey: e.KIOSK_SPEECH_KEY,
    },
  };
}

export function isTlsOrLoopback(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

/**
 * A packaged (production) kiosk serves people only with a real central over TLS. It never starts
 * the embedded central: that one is a demo (seeded people with known answers and PINs, a store
 * lost on restart, mail captured in memory). Mail is the central's own business (its SMTP_URL),
 * so a packaged kiosk needs no SMTP settings; its SMTP_URL would only feed the demo central and
 * is ignored. A build run from the sources keeps the demo defaults.
 */
export function packagedConfigProblem(config: KioskConfig, packaged: boolean): SetupNotice | null {
  if (!packaged) return null;
  if (!config.centralUrl) return { problem: 'central_required', variables: ['CENTRAL_URL'] };
  if (new URL(config.centralUrl).protocol !== 'https:')
    return { problem: 'central_not_https', variables: ['CENTRAL_URL'] };
  return null;
}

/** The variables named by readConfig's problems, for the technician's screen (names only, never values). */
export function invalidConfigNotice(problems: string[]): SetupNotice {
  const names = problems.map((p) => /^[A-Z_]{1,40}/.exec(p)?.[0]).filter((n): n is string => n !== undefined);
  return { problem: 'config_invalid', variables: [...new Set(names)].slice(0, 6) };
}
