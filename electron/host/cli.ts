import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCentral } from '../../central/server/embedded';
import { bootKiosk } from '../core/boot';
import { readConfig } from '../core/config';
import { roleFromArgv } from '../core/role';
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
  const runtime = await bootKiosk(config, startCentral, roleFromArgv(process.argv));
  const host = await startWebHost({
    core: runtime.core,
    port: config.hostPort,
    rendererDir,
    mailbox: runtime.mailbox,
  });
  if (runtime.embeddedCentral) console.log(`Embedded central at ${runtime.centralUrl}`);
  if (runtime.mailbox) console.log(`No SMTP_URL: mail is captured in memory, see ${host.url}/buzon`);
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
