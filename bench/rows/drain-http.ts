import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createCentralClient } from '../../central/client';
import { startCentral } from '../../central/server/embedded';
import { FAST_HASH, newIdentity } from '../../central/server/testkit';
import { openKioskDb } from '../../db/kiosk/open';
import { createCentralPush } from '../../electron/core/sync/central-push';
import { createKioskOutbox } from '../../electron/core/sync/outbox-service';
import { row, type BenchRow } from '../report';

type Sent = { path: string; init: RequestInit };

/** A hono route that answers 200 and nothing else: the floor of an HTTP POST on this machine. */
async function startStub(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono();
  app.post('*', (c) => c.body(null, 200));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A backlog of session events drained over HTTP to the reference central on 127.0.0.1 (batches
 * of 50, the drain's default), against the same batches POSTed bare, one after another, to a
 * route that only answers 200. Both servers run in this process, like the kiosk's embedded central.
 */
export async function drainRows(smoke: boolean): Promise<BenchRow[]> {
  const backlog = smoke ? 100 : 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-drain-'));
  const identity = newIdentity('KIOSCO-BENCH');
  const central = await startCentral({
    port: 0,
    dataFile: join(dir, 'central.db'),
    activationTtlSeconds: 180,
    hashParams: FAST_HASH,
    kiosks: [{ id: identity.kioskId, publicKey: identity.publicKey }],
  });
  const kiosk = await openKioskDb(join(dir, 'kiosk'));
  const sent: Sent[] = [];
  const recording: typeof fetch = (input, init) => {
    sent.push({
      path: new URL(String(input)).pathname,
      init: { method: init?.method ?? 'POST', headers: init?.headers ?? {}, body: init?.body ?? null },
    });
    return fetch(input, init);
  };
  const client = createCentralClient({ baseUrl: central.url, identity, fetch: recording });
  const outbox = createKioskOutbox({ db: kiosk.db, sqlite: kiosk.sqlite, push: createCentralPush(client) });
  // the backlog piles up while the drain is stopped, as on a kiosk that was offline
  await outbox.stop();
  const sessions = 200;
  for (let i = 0; i < backlog; i++)
    await outbox.append('session.event', `ses-${i % sessions}`, {
      event: 'started',
      flow: 'recover',
      step: null,
      at: Date.now(),
    });
  const drained = createKioskOutbox({ db: kiosk.db, sqlite: kiosk.sqlite, push: createCentralPush(client) });
  const start = performance.now();
  drained.start();
  await drained.idle();
  const drainMs = performance.now() - start;
  const status = await drained.status();
  await drained.stop();
  await kiosk.close();
  await central.close();

  const stub = await startStub();
  const bareStart = performance.now();
  for (const request of sent) {
    const response = await fetch(`${stub.url}${request.path}`, request.init);
    await response.arrayBuffer();
  }
  const bareMs = performance.now() - bareStart;
  await stub.close();
  rmSync(dir, { recursive: true, force: true });

  const perSecond = (backlog / drainMs) * 1000;
  const barePerSecond = (backlog / bareMs) * 1000;
  const left =
    status.depth > 0 || status.deadLetters > 0
      ? `; NOT drained: depth ${status.depth}, dead ${status.deadLetters}`
      : '';
  return [
    row(
      `drain over HTTP, ${backlog} events`,
      {
        value: perSecond,
        unit: 'events/s',
        detail: `${sent.length} POSTs of ≤ 50 events in ${(drainMs / 1000).toFixed(2)} s; bare POSTs ${(bareMs / 1000).toFixed(2)} s${left}`,
      },
      { text: '≥ 2,000 events/s', met: (v) => v >= 2_000 && status.depth === 0 },
      { name: 'bare POSTs to a 200 route', value: barePerSecond },
    ),
    row(
      `time to drain ${backlog} events`,
      { value: drainMs / 1000, unit: 's' },
      {
        text: backlog === 10_000 ? '< 10 s' : `< ${backlog / 1_000} s (10,000 in < 10 s)`,
        met: (v) => v < backlog / 1_000 && status.depth === 0,
      },
      { name: 'bare POSTs', value: bareMs / 1000 },
    ),
  ];
}
