import {
  settingNames,
  type SettingName,
  type SettingProblem,
  type SettingProblemCode,
  type TechnicianSettings,
} from '../../contract/technician';
import { EnvSchema, readConfig, type KioskConfig } from '../config';

/**
 * A technician's settings are checked by the start-up schema itself (config.ts): the environment
 * the kiosk started with, with the technician's values written over it, must read as a valid
 * configuration. So a value the kiosk would refuse at start is refused on the screen too.
 */

type EnvName = keyof typeof EnvSchema.shape;
type SettingValue = string | number;

/** Each setting, the variable it overrides, and the configuration field it lands in. */
export const SETTINGS: Record<SettingName, { env: EnvName; field: keyof KioskConfig; restartNeeded: boolean }> = {
  // a new central means a new connection and enrollment: the kiosk takes it at its next start
  centralUrl: { env: 'CENTRAL_URL', field: 'centralUrl', restartNeeded: true },
  officeName: { env: 'KIOSK_OFFICE', field: 'officeName', restartNeeded: false },
  idleWarnSeconds: { env: 'KIOSK_IDLE_WARN_SECONDS', field: 'idleWarnSeconds', restartNeeded: false },
  idleResetSeconds: { env: 'KIOSK_IDLE_RESET_SECONDS', field: 'idleResetSeconds', restartNeeded: false },
  updateChannel: { env: 'UPDATE_CHANNEL', field: 'updateChannel', restartNeeded: false },
  maintenanceWindow: { env: 'UPDATE_WINDOW', field: 'maintenanceWindow', restartNeeded: false },
};

/** The configuration written back as the environment it reads from (round-trips through readConfig). */
export function envOf(config: KioskConfig): Record<string, string | undefined> {
  const text = (v: string | number | undefined) => (v === undefined ? undefined : String(v));
  return {
    KIOSK_HOST_PORT: text(config.hostPort),
    KIOSK_DATA_DIR: config.dataDir,
    KIOSK_ID: config.kioskId,
    KIOSK_OFFICE: config.officeName,
    CENTRAL_URL: config.centralUrl,
    KIOSK_ENROLL_CODE: config.kioskEnrollCode,
    CENTRAL_ENROLL_CODE: config.centralEnrollCode,
    CENTRAL_PORT: text(config.centralPort),
    CENTRAL_PUBLIC_URL: config.centralPublicUrl,
    CENTRAL_SEED_FILE: config.centralSeedFile,
    SMTP_URL: config.smtpUrl,
    MAIL_FROM: config.mailFrom,
    ACTIVATION_TTL_SECONDS: text(config.activationTtlSeconds),
    EMPLOYER_CODE_TTL_SECONDS: text(config.employerCodeTtlSeconds),
    KIOSK_LOCALE: config.locale,
    KIOSK_IDLE_WARN_SECONDS: text(config.idleWarnSeconds),
    KIOSK_IDLE_RESET_SECONDS: text(config.idleResetSeconds),
    KIOSK_LOOKUPS_PER_MINUTE: text(config.lookupsPerMinute),
    UPDATE_URL: config.updateUrl,
    UPDATE_CHANNEL: config.updateChannel,
    UPDATE_WINDOW: config.maintenanceWindow,
  };
}

const fieldOfEnv = (env: string): SettingName | undefined => settingNames.find((name) => SETTINGS[name].env === env);

/** What the schema's refusal of one variable means for the technician. */
function problemFor(field: SettingName): SettingProblemCode {
  switch (field) {
    case 'centralUrl':
      return 'url_invalid';
    case 'officeName':
      return 'text_invalid';
    case 'idleWarnSeconds':
    case 'idleResetSeconds':
      return 'number_invalid';
    case 'updateChannel':
      return 'channel_invalid';
    case 'maintenanceWindow':
      return 'window_invalid';
  }
}

export type Overrides = Partial<Record<SettingName, SettingValue>>;

export type Validated =
  { ok: true; config: KioskConfig; overrides: Overrides } | { ok: false; problems: SettingProblem[] };

/**
 * The configuration the kiosk would run with: `base` (read from the environment at start) under
 * the stored overrides and then `changes` (null clears a technician's value). All problems are
 * reported at once, each naming its setting.
 */
export function validateSettings(base: KioskConfig, stored: Overrides, changes: TechnicianSettings): Validated {
  const overrides: Overrides = { ...stored };
  const problems: SettingProblem[] = [];
  for (const name of settingNames) {
    if (!(name in changes)) continue;
    const value = changes[name];
    if (value === null || value === undefined) {
      delete overrides[name];
      continue;
    }
    // the start-up schema reads every empty variable as unset, which would silently bring back
    // the environment's value: an empty text is refused here instead
    if (typeof value === 'string' && value.trim() === '') {
      problems.push({ field: name, problem: problemFor(name) });
      continue;
    }
    overrides[name] = typeof value === 'string' ? value.trim() : value;
  }
  const env = envOf(base);
  for (const [name, value] of Object.entries(overrides) as [SettingName, SettingValue][])
    env[SETTINGS[name].env] = String(value);
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const shape = EnvSchema.safeParse(cleaned);
  if (!shape.success) {
    for (const issue of shape.error.issues) {
      const field = fieldOfEnv(String(issue.path[0]));
      if (field && !problems.some((p) => p.field === field)) problems.push({ field, problem: problemFor(field) });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const read = readConfig(env);
  if (!read.ok) {
    // the rules across variables, as config.ts words them (each problem starts with its variable)
    for (const text of read.problems) {
      if (text.startsWith('KIOSK_IDLE_RESET_SECONDS'))
        problems.push({ field: 'idleResetSeconds', problem: 'reset_not_after_warn' });
      else if (text.startsWith('CENTRAL_URL')) problems.push({ field: 'centralUrl', problem: 'url_not_tls' });
    }
    // a refusal this screen cannot name is still a refusal: nothing is changed
    if (problems.length === 0) problems.push({ field: 'centralUrl', problem: 'url_invalid' });
    return { ok: false, problems };
  }
  // stored as the configuration read them (seconds as numbers), so a later comparison is exact
  for (const name of Object.keys(overrides) as SettingName[]) {
    const value = read.config[SETTINGS[name].field];
    if (typeof value === 'string' || typeof value === 'number') overrides[name] = value;
  }
  return { ok: true, config: read.config, overrides };
}

/** The values in force for the fields a technician may set, and where each comes from. */
export function describeSettings(config: KioskConfig, overrides: Overrides) {
  return Object.fromEntries(
    settingNames.map((name) => {
      const value = config[SETTINGS[name].field];
      return [
        name,
        {
          value: typeof value === 'string' || typeof value === 'number' ? value : null,
          source: name in overrides ? ('technician' as const) : ('environment' as const),
          restartNeeded: SETTINGS[name].restartNeeded,
        },
      ];
    }),
  ) as Record<
    SettingName,
    { value: string | number | null; source: 'environment' | 'technician'; restartNeeded: boolean }
  >;
}

/** Copies what applies without a restart into the configuration the running core reads. */
export function applyLive(live: KioskConfig, next: KioskConfig): void {
  for (const name of settingNames) {
    const { field, restartNeeded } = SETTINGS[name];
    if (!restartNeeded) Object.assign(live, { [field]: next[field] });
  }
}
