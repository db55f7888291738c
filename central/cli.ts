import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCentralStore } from '../db/central/open';
import { readCentralConfig, type CentralConfig } from './config';
import { KIOSK_ID } from './kiosk-auth';
import { startCentral } from './server/embedded';
import { issueEnrollCode } from './server/enroll-codes';

/** `npm run central`: the reference central on its own, for demos and for a remote CENTRAL_URL. */
async function main(): Promise<number> {
  const read = readCentralConfig(process.env);
  if (!read.ok) {
    console.error(`Central configuration invalid:\n  ${read.problems.join('\n  ')}`);
    return 1;
  }
  const { config } = read;
  if (process.argv[2] === 'enroll-code') return printEnrollCode(config, process.argv[3] ?? '');
  const central = await startCentral({
    port: config.port,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.seedFile ? { seedFile: config.seedFile } : {}),
    ...(config.dataDir ? { dataFile: join(config.dataDir, 'central.db') } : {}),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.poolMax ? { poolMax: config.poolMax } : {}),
    ...(config.sealKeyFile ? { sealKeyFile: config.sealKeyFile } : {}),
    activationTtlSeconds: config.activationTtlSeconds,
    codeTtlSeconds: config.codeTtlSeconds,
    ...(config.enrollCode ? { enrollCode: config.enrollCode } : {}),
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    mailFrom: config.mailFrom,
    ...(config.smsUrl ? { smsUrl: config.smsUrl } : {}),
    ...(config.tls
      ? { tls: { cert: readFileSync(config.tls.certFile, 'utf8'), key: readFileSync(config.tls.keyFile, 'utf8') } }
      : {}),
    ...(config.updatesDir ? { updatesDir: config.updatesDir } : {}),
  });
  console.log(`Central ready at ${central.url}`);
  // a central alone has no /buzon: without these, activation links and SMS codes reach nobody
  if (!config.smtpUrl) console.error('Central: SMTP_URL is not set: activation mail is captured here, not sent.');
  if (!config.smsUrl) console.error('Central: SMS_URL is not set: SMS codes are captured here, not sent.');

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // stops accepting, lets the requests in flight finish, then closes the database pool
  await central.close();
  return 0;
}

/**
 * `npm run central -- enroll-code <KIOSK_ID>`: a one-time code that enrolls that kiosk id and no
 * other, for a day, written into the central's own database (the running central reads it there).
 */
async function printEnrollCode(config: CentralConfig, kioskId: string): Promise<number> {
  if (!KIOSK_ID.test(kioskId)) {
    console.error('Usage: npm run central -- enroll-code <KIOSK_ID> (letters, digits and dashes, up to 40)');
    return 2;
  }
  if (!config.dataDir && !config.databaseUrl) {
    console.error(
      'enroll-code writes to the central database: set CENTRAL_DATA_DIR or CENTRAL_DATABASE_URL as the central has it',
    );
    return 2;
  }
  const store = await openCentralStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { file: join(config.dataDir ?? '', 'central.db') },
  );
  try {
    const { code, expiresAt } = await issueEnrollCode({ db: store.db, now: Date.now }, kioskId);
    console.log(`Enrollment code for ${kioskId}: ${code}`);
    console.log(`Once only, until ${new Date(expiresAt).toISOString()}. On that kiosk: KIOSK_ENROLL_CODE=${code}`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
