import pg from 'pg';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgNotifier, type PgNotifier } from './notify-pg';
import { NEEDS_PG, PG_TEST_URL } from './test-store';

const KioskChanged = z.object({ kioskId: z.string(), state: z.enum(['online', 'help', 'offline']) }).strict();
type KioskChanged = z.infer<typeof KioskChanged>;

const open: PgNotifier<KioskChanged>[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((n) => n.close()));
});

async function node(channel: string) {
  const n = await createPgNotifier({ url: PG_TEST_URL ?? '', channel, parse: KioskChanged.parse, backoffMs: 20 });
  open.push(n);
  const heard: KioskChanged[] = [];
  n.subscribe((m) => heard.push(m));
  return { n, heard };
}

/** Resolves once `check` holds; NOTIFY is asynchronous, so the test waits on the event, not a clock. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

describe(`LISTEN/NOTIFY between central nodes${NEEDS_PG}`, () => {
  it.skipIf(!PG_TEST_URL)(
    'a message published on one node reaches every node, in order; bad ones are dropped',
    async () => {
      const channel = `live_${Date.now()}`;
      const a = await node(channel);
      const b = await node(channel);
      const other = await node(`${channel}_other`);
      await a.n.publish({ kioskId: 'KIOSCO-01', state: 'help' });
      const raw = new pg.Client({ connectionString: PG_TEST_URL });
      await raw.connect();
      await raw.query('select pg_notify($1, $2)', [channel, '{"kioskId":1}']); // fails the parse
      await raw.query('select pg_notify($1, $2)', [channel, 'not json']);
      await raw.end();
      await b.n.publish({ kioskId: 'KIOSCO-02', state: 'online' });
      await until(() => a.heard.length === 2 && b.heard.length === 2);
      expect(b.heard).toEqual([
        { kioskId: 'KIOSCO-01', state: 'help' },
        { kioskId: 'KIOSCO-02', state: 'online' },
      ]);
      expect(a.heard).toEqual(b.heard);
      expect(other.heard).toEqual([]);
      await expect(a.n.publish({ kioskId: 'K'.repeat(9000), state: 'online' })).rejects.toThrow(/8000/);
    },
  );

  it.skipIf(!PG_TEST_URL)('a listener whose connection is killed reconnects and hears what comes after', async () => {
    const channel = `live_${Date.now()}_r`;
    const a = await node(channel);
    const b = await node(channel);
    let listens = 0;
    b.n.onListening(() => (listens += 1));
    const admin = new pg.Client({ connectionString: PG_TEST_URL });
    await admin.connect();
    // what a database restart or a network cut does to the LISTEN connection
    const killed = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()`,
      [`listen ${channel}`],
    );
    await admin.end();
    expect(killed.rowCount).toBe(2);
    await until(() => listens >= 1);
    await a.n.publish({ kioskId: 'KIOSCO-03', state: 'offline' });
    await until(() => b.heard.length === 1);
    expect(b.heard).toEqual([{ kioskId: 'KIOSCO-03', state: 'offline' }]);
  });

  it('refuses a channel name that is not a plain identifier (it is spelled into LISTEN)', async () => {
    await expect(
      createPgNotifier({ url: 'postgres://127.0.0.1:1/x', channel: 'x; drop table audit', parse: (r) => r }),
    ).rejects.toThrow(/invalid channel/);
  });
});
