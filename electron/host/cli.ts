import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCentral } from '../../central/server/embedded';
import { bootKiosk } from '../core/boot';
import { readConfig } from '../core/config';
import { plainKeySealer } from '../core/identity/sealer';
import { technicianLine } from '../core/setup';
import { roleFromArgv } from '../core/role';
import { socketBudgets } from './budgets';
import { demoMailbox, demoSmsOutbox } from './mailbox-page';
import { startWebHost } from './server';

/** `npm run host`: the kiosk core + built renderer in a browser (DESIGN §5). */
async function main(): Promise<void> {
  const read = readConfig(process.env);
  if (!read.ok) {
    console.error(`Configuración inválida / invalid configuration:\n  ${read.problems.join('\n  ')}`);
    process.exit(2);
  }
  const config = read.config;
  const rendererDir = resolve(import.meta.dirname, '../../out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error('The renderer is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  // `npm run host -- --role=supervisor` opens the staff PIN first, as the Electron shell does
  // the web host is a demo and test tool, never packaged: the key stays a mode-600 file
  const runtime = await bootKiosk(config, startCentral, {
    role: roleFromArgv(process.argv),
    keySealer: plainKeySealer,
    onSetupNotice: (notice) => {
      if (notice) console.error(technicianLine(notice));
    },
  });
  const host = await startWebHost({
    core: runtime.core,
    port: config.hostPort,
    rendererDir,
    mailbox: demoMailbox({ embeddedCentral: runtime.embeddedCentral, mailbox: runtime.mailbox }),
    smsOutbox: demoSmsOutbox({
      embeddedCentral: runtime.embeddedCentral,
      mailbox: runtime.mailbox,
      smsOutbox: runtime.smsOutbox,
    }),
    budgets: socketBudgets(config.lookupsPerMinute),
  });
  if (runtime.embeddedCentral) console.log(`Embedded central at ${runtime.centralUrl}`);
  if (demoMailbox({ embeddedCentral: runtime.embeddedCentral, mailbox: runtime.mailbox }))
    console.log(`No SMTP_URL: mail is captured in memory, see ${host.url}/buzon`);
  if (
    demoSmsOutbox({ embeddedCentral: runtime.embeddedCentral, mailbox: runtime.mailbox, smsOutbox: runtime.smsOutbox })
  )
    console.log(`No SMS_URL: SMS codes are captured in memory, see ${host.url}/buzon`);
  console.log(`Kiosk ready at ${host.url}`);
  runtime.warmUp();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    runtime.log('host.shutdown', { signal });
    await host.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
