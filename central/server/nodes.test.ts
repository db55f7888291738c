import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCentralClient } from '../client';
import { startCentral } from './embedded';
import type { Mailer } from './mail/types';
import { createHarness, FAST_HASH, newIdentity } from './testkit';
import { freshSchemaName, NEEDS_PG, PG_TEST_URL } from './test-store';

const DEMO = resolve(import.meta.dirname, '../../resources/seed/demo-seed.json');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The URL of a schema of its own (the pool sets search_path from the URL's options). */
function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

describe('operations', () => {
  it('health says the database is reachable, and 503 once it is not', async () => {
    const h = await createHarness();
    const up = await h.app.request('/health');
    expect([up.status, await up.json()]).toEqual([200, { ok: true, database: 'reachable' }]);
    await h.close();
    const down = await h.app.request('/health');
    expect([down.status, await down.json()]).toEqual([503, { ok: false, database: 'unreachable' }]);
  });

  it('close() lets a request in flight finish before it stops, and accepts no new one', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    // a mail relay that answers only when the test says so: the code request stays in flight
    const mailer: Mailer = {
      mailbox: null,
      close: () => undefined,
      async send(mail) {
        sent.push(mail.to);
        await held;
        return { ok: true, messageId: 'held' };
      },
    };
    const kiosk = newIdentity('KIOSCO-01');
    const central = await startCentral({
      port: 0,
      seedFile: DEMO,
      activationTtlSeconds: 180,
      hashParams: FAST_HASH,
      mailer,
      kiosks: [{ id: kiosk.kioskId, publicKey: kiosk.publicKey }],
    });
    const client = createCentralClient({ baseUrl: central.url, identity: kiosk });
    const lookup = await client.call('employerLookup', {
      ruc: '1790011674001',
      branch: '001',
      legalRepId: '1710034065',
    });
    if (!lookup.ok || !lookup.value.ok) throw new Error('employer lookup failed');
    const inFlight = client.call('employerCodeStart', { grant: lookup.value.grant });
    while (sent.length === 0) await new Promise((r) => setImmediate(r));
    let closed = false;
    const closing = central.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    await expect(fetch(`${central.url}/health`)).rejects.toThrow();
    release();
    const answered = await inFlight;
    expect(answered).toMatchObject({ ok: true, value: { maskedEmail: expect.any(String) } });
    await closing;
    expect(closed).toBe(true);
  });
});

describe(`several nodes on one PostgreSQL${NEEDS_PG}`, () => {
  it.skipIf(!PG_TEST_URL)(
    'three nodes started at once migrate and seed once, share the seal key and serve the same people',
    async () => {
      const schema = freshSchemaName();
      const url = schemaUrl(PG_TEST_URL ?? '', schema);
      const dir = mkdtempSync(join(tmpdir(), 'central-nodes-'));
      dirs.push(dir);
      const sealKeyFile = join(dir, 'seal.pem');
      const kiosk = newIdentity('KIOSCO-01');
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const nodes = await Promise.all(
        [0, 1, 2].map(() =>
          startCentral({
            port: 0,
            databaseUrl: url,
            sealKeyFile,
            seedFile: DEMO,
            activationTtlSeconds: 180,
            hashParams: FAST_HASH,
            kiosks: [{ id: kiosk.kioskId, publicKey: kiosk.publicKey }],
          }),
        ),
      );
      try {
        const seed = JSON.parse(readFileSync(DEMO, 'utf8')) as { afiliados: unknown[] };
        const catalogs = [];
        for (const node of nodes) {
          expect(await (await fetch(`${node.url}/health`)).json()).toEqual({ ok: true, database: 'reachable' });
          const client = createCentralClient({ baseUrl: node.url, identity: kiosk });
          expect(await client.call('lookup', { idType: 'cedula', id: '1714307103' })).toMatchObject({
            ok: true,
            value: { found: true },
          });
          const c = await client.catalogs();
          catalogs.push(c.ok && !c.value.notModified ? c.value.catalogs.sealKey : null);
        }
        // one key for every node: what a kiosk sealed for one, any other opens
        expect(new Set(catalogs).size).toBe(1);
        expect(catalogs[0]).toBeTruthy();
        const count = async (table: string) =>
          Number((await admin.query(`select count(*) as n from ${table}`)).rows[0].n);
        expect(await count('afiliado')).toBe(seed.afiliados.length);
        expect(await count('kysely_migration')).toBeGreaterThanOrEqual(3);
        expect(await count('kiosk')).toBe(1);
      } finally {
        await Promise.all(nodes.map((n) => n.close()));
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    },
  );
});
