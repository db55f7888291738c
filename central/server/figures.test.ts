import { afterEach, describe, expect, it } from 'vitest';
import { chartData, transparencyCsv } from '../../domain/figures-table';
import type { FiguresResponse } from '../../domain/fleet';
import { createHarness, type Harness } from './testkit';

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OFFICES = ['IESS Quito Norte', 'IESS Guayaquil Sur', 'IESS Cuenca'];
const KIOSKS = OFFICES.flatMap((office, o) => [`K${o}A`, `K${o}B`].map((kioskId) => ({ kioskId, office })));
const OUTCOMES = ['finished', 'cancelled', 'timeout', 'locked'] as const;
/** Ecuador local time (UTC−5, no daylight saving) to epoch ms. */
const ecuador = (y: number, m: number, d: number, hh: number, mm = 0) => Date.UTC(y, m - 1, d, hh + 5, mm);

type Expected = Map<string, { atenciones: number; quejas: number; started: number; cancelled: number }>;

let h: Harness;
afterEach(async () => h?.close());

describe('figures from a month of synthetic events across offices', () => {
  it('the table, the chart data and the CSV match counts made here, per office and for all', async () => {
    h = await createHarness();
    // "now" is 5 May 2025, 10:00 in Ecuador: April is a whole month, May has begun
    h.clock.t = ecuador(2025, 5, 5, 10);
    const rand = prng(20250505);
    const expected = new Map<string, Expected>([['all', new Map()], ...OFFICES.map((o) => [o, new Map()] as const)]);
    const bump = (office: string, key: string, field: 'atenciones' | 'quejas' | 'started' | 'cancelled') => {
      for (const scope of ['all', office]) {
        const m = expected.get(scope)!;
        const row = m.get(key) ?? { atenciones: 0, quejas: 0, started: 0, cancelled: 0 };
        row[field] += 1;
        m.set(key, row);
      }
    };
    for (const { kioskId } of KIOSKS)
      await h.store.db
        .insertInto('kiosk_status')
        .values({
          kiosk_id: kioskId,
          office: KIOSKS.find((k) => k.kioskId === kioskId)!.office,
          version: '0.1.0',
          state: 'idle',
          step: null,
          since: h.clock.t,
          outbox_depth: 0,
          dead_letters: 0,
          help_id: null,
          help_screen: null,
          help_since: null,
          last_error: null,
          last_seen: h.clock.t,
        })
        .execute();

    const days: [number, number, number][] = [
      ...Array.from({ length: 30 }, (_, i) => [2025, 4, i + 1] as [number, number, number]),
      [2025, 5, 1],
      [2025, 5, 2],
      [2025, 5, 5],
    ];
    let session = 0;
    const rows = [];
    for (const [y, m, d] of days) {
      for (const { kioskId, office } of KIOSKS) {
        const sessions = Math.floor(rand() * 4);
        for (let s = 0; s < sessions; s++) {
          // late evening sessions (22:xx local) fall on the next UTC day: the month is Ecuador's
          const hour = s === 0 && rand() < 0.3 ? 22 : 8 + Math.floor(rand() * 9);
          if (y === 2025 && m === 5 && d === 5 && hour >= 10) continue; // not yet happened
          const at = ecuador(y, m, d, hour, Math.floor(rand() * 50));
          const key = `${y}-${m}`;
          const aggregateId = `s-${++session}`;
          const outcome = OUTCOMES[Math.floor(rand() * OUTCOMES.length)]!;
          rows.push({ kioskId, aggregateId, sequence: 1, event: 'started', step: 'identify', at });
          rows.push({ kioskId, aggregateId, sequence: 2, event: 'identified', step: 'challenge', at: at + 30_000 });
          rows.push({ kioskId, aggregateId, sequence: 3, event: outcome, step: 'done', at: at + 90_000 });
          bump(office, key, 'started');
          if (outcome === 'finished') bump(office, key, 'atenciones');
          if (outcome === 'cancelled') bump(office, key, 'cancelled');
        }
        if (rand() < 0.15) {
          const at = ecuador(y, m, d, 9);
          if (at > h.clock.t) continue;
          const queja = {
            key: `queja-${kioskId}-${y}${m}${d}`,
            aggregateId: `q-${kioskId}-${d}`,
            sequence: 1,
            kind: 'queja',
            payload: { category: 'slow', text: null, step: 'done', at },
          };
          // sent twice, as an outbox retry would: counted once
          for (let i = 0; i < 2; i++)
            expect((await h.call('/api/v1/events', { events: [queja] }, { 'x-kiosk-id': kioskId })).status).toBe(200);
          bump(office, `${y}-${m}`, 'quejas');
        }
      }
    }
    for (const r of rows)
      await h.store.db
        .insertInto('session_event')
        .values({
          key: `${r.kioskId}/${r.aggregateId}/${r.sequence}`,
          kiosk_id: r.kioskId,
          aggregate_id: r.aggregateId,
          sequence: r.sequence,
          event: r.event,
          flow: 'generate',
          step: r.step,
          at: r.at,
          received_at: r.at,
        })
        .execute();

    const session_ = await h.call(
      '/api/v1/fleet/staff/session',
      { pin: '482915', office: OFFICES[0]! },
      { 'x-kiosk-id': 'SUP' },
    );
    const token = ((await session_.json()) as { token: string }).token;
    const figuresOf = async (scope: 'office' | 'all', office?: string): Promise<FiguresResponse> => {
      const r = await h.call(
        '/api/v1/fleet/figures',
        { session: token, scope, ...(office ? { office } : {}) },
        { 'x-kiosk-id': 'SUP' },
      );
      expect(r.status).toBe(200);
      return (await r.json()) as FiguresResponse;
    };

    for (const scope of ['all', ...OFFICES]) {
      const figures = scope === 'all' ? await figuresOf('all') : await figuresOf('office', scope);
      const want = [...expected.get(scope)!.entries()]
        .map(([key, v]) => {
          const [year, month] = key.split('-').map(Number) as [number, number];
          return { year, month, quejas: v.quejas, atenciones: v.atenciones };
        })
        .sort((a, b) => b.year - a.year || b.month - a.month);
      // the table: newest month first, in the trámite's shape
      expect(
        figures.months.map(({ year, month, quejas, atenciones }) => ({ year, month, quejas, atenciones })),
        scope,
      ).toEqual(want);
      for (const row of figures.months) {
        const v = expected.get(scope)!.get(`${row.year}-${row.month}`)!;
        expect([row.started, row.cancelled], `${scope} ${row.year}-${row.month}`).toEqual([v.started, v.cancelled]);
      }
      // the chart: oldest first, the same numbers
      expect(chartData(figures.months).bars).toEqual([...want].reverse());
      // the CSV: the same rows under the table's headers
      const csv = transparencyCsv(figures.months, ['Año', 'Mes', 'Volumen de Quejas', 'Volumen de Atenciones']);
      expect(csv.split('\r\n')).toEqual([
        'Año,Mes,Volumen de Quejas,Volumen de Atenciones',
        ...want.map((r) => `${r.year},${r.month},${r.quejas},${r.atenciones}`),
        '',
      ]);
    }
    const all = await figuresOf('all');
    expect(all.months.map((m) => `${m.year}-${m.month}`)).toEqual(['2025-5', '2025-4']);
    expect(all.medianStepSeconds).toEqual({ identify: 30, challenge: 60 });
    // the office scope defaults to the supervisor's own office
    const own = await figuresOf('office');
    expect(own.office).toBe(OFFICES[0]);
  });
});
