import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { TechnicianOverview } from '../../contract/technician';
import type { KioskConfig } from '../config';
import { scrubValue } from '../log';
import { logFiles } from './health';

/** The newest log lines that fit in the bundle (support reads the end; the files rotate at 5 MB). */
export const DIAGNOSTIC_LOG_BYTES = 2 * 1024 * 1024;

/**
 * The configuration as support may read it: no enrollment code, no SMTP address (it may hold a
 * password), the central's address without user, password, path or query.
 */
export function configWithoutSecrets(config: KioskConfig) {
  const origin = (url: string | undefined) => {
    if (!url) return null;
    try {
      return new URL(url).origin;
    } catch {
      return 'invalid';
    }
  };
  return {
    kioskId: config.kioskId,
    officeName: config.officeName,
    central: config.centralUrl ? origin(config.centralUrl) : 'embedded',
    centralPublicUrl: origin(config.centralPublicUrl),
    kioskEnrollCode: config.kioskEnrollCode ? 'set' : 'unset',
    centralEnrollCode: config.centralEnrollCode ? 'set' : 'unset',
    smtp: config.smtpUrl ? 'set' : 'unset (capture mailbox)',
    locale: config.locale,
    idleWarnSeconds: config.idleWarnSeconds,
    idleResetSeconds: config.idleResetSeconds,
    activationTtlSeconds: config.activationTtlSeconds,
    employerCodeTtlSeconds: config.employerCodeTtlSeconds,
    lookupsPerMinute: config.lookupsPerMinute,
    update: origin(config.updateUrl),
    updateChannel: config.updateChannel,
    maintenanceWindow: config.maintenanceWindow ?? null,
  };
}

/** The tail of the log files, oldest line first, each line scrubbed once more on the way out. */
export function logTail(logDir: string, maxBytes = DIAGNOSTIC_LOG_BYTES): { file: string; lines: string[] }[] {
  const out: { file: string; lines: string[] }[] = [];
  let budget = maxBytes;
  for (const file of logFiles(logDir).reverse()) {
    if (budget <= 0) break;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n').filter((l) => l.length > 0);
    const kept: string[] = [];
    for (let i = lines.length - 1; i >= 0 && budget > 0; i--) {
      const line = scrubValue(lines[i]!) as string;
      budget -= line.length + 1;
      kept.unshift(line);
    }
    out.unshift({ file: basename(file), lines: kept });
  }
  return out;
}

export type DiagnosticsInput = {
  now: number;
  config: KioskConfig;
  overview: TechnicianOverview;
  logDir: string;
  versions: Record<string, string>;
};

/** One JSON file for support: versions, configuration without secrets, health figures, logs. */
export function buildDiagnostics(input: DiagnosticsInput): { fileName: string; content: string } {
  const { overview } = input;
  const stamp = new Date(input.now).toISOString().replace(/[:.]/g, '-');
  const bundle = {
    kind: 'iess-kiosk-diagnostics',
    generatedAt: new Date(input.now).toISOString(),
    versions: input.versions,
    configuration: configWithoutSecrets(input.config),
    settings: overview.settings,
    health: {
      centralReachable: overview.centralReachable,
      centralMode: overview.centralMode,
      mail: overview.mail,
      lastTestEmail: overview.lastTestEmail,
      outbox: overview.outbox,
      deadLetters: overview.deadLetters,
      disk: overview.disk,
      databaseBytes: overview.databaseBytes,
      logBytes: overview.logBytes,
      recentErrors: overview.recentErrors,
    },
    update: overview.update,
    logs: logTail(input.logDir),
  };
  return { fileName: `diagnostico-${input.config.kioskId}-${stamp}.json`, content: JSON.stringify(bundle, null, 1) };
}
