/**
 * A kiosk process that only drains its outbox, for the kill test (fault.test.ts):
 *   node --import tsx drain-worker.ts <dataDir> <centralUrl> <msAfterEachBatch>
 * Prints "ready" once kiosk.db is open and draining starts, "done" when nothing is left.
 * The pause after each batch widens the window between "the central applied it" and "the kiosk
 * marked it delivered", where a SIGKILL tests the idempotency keys.
 */
import { createCentralClient } from '../../../../central/client';
import { openKioskDb } from '../../../../db/kiosk/open';
import { outboxStatus } from '../../../../db/kiosk/outbox';
import { loadOrCreateIdentity } from '../../identity/keystore';
import { createCentralPush } from '../central-push';
import { createDrainLoop, type PushBatch } from '../drain';

const [dataDir = '', centralUrl = '', pause = '0'] = process.argv.slice(2);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const { db, close } = await openKioskDb(dataDir);
const push = createCentralPush(
  createCentralClient({
    baseUrl: centralUrl,
    identity: loadOrCreateIdentity(dataDir, 'KIOSCO-FAULT'),
    timeoutMs: 5_000,
  }),
);
const slowPush: PushBatch = async (rows) => {
  const result = await push(rows);
  await sleep(Number(pause));
  return result;
};
const loop = createDrainLoop({ db, push: slowPush, batchSize: 2, random: () => 0 });
process.stdout.write('ready\n');
loop.wake();
await loop.idle();
while ((await outboxStatus(db)).depth > 0) {
  await sleep(50);
  loop.wake();
  await loop.idle();
}
await close();
process.stdout.write('done\n');
