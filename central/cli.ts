import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCentralConfig } from './config';
import { startCentral } from './server/embedded';

/** `npm run central`: the reference central on its own, for demos and for a remote CENTRAL_URL. */
async function main(): Promise<number> {
  const read = readCentralConfig(process.env);
  if (!read.ok) {
    console.error(`Central configuration invalid:\n  ${read.problems.join('\n  ')}`);
    return 1;
  }
  const { config } = read;
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
