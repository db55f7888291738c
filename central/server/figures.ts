import type { Hono } from 'hono';
import type { FigureCounts, FiguresResponse, MonthRow } from '../../domain/fleet';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import { staffSessionOf } from './live-auth';
import { routes } from '../contract';

/** Ecuador (continental) is UTC−5 all year: months and days are counted in its time. */
const ECUADOR_OFFSET_MS = -5 * 3_600_000;
const MONTHS_SHOWN = 24;

export function ecuadorMonth(at: number): { year: number; month: number } {
  const d = new Date(at + ECUADOR_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

export function ecuadorDay(at: number): string {
  return new Date(at + ECUADOR_OFFSET_MS).toISOString().slice(0, 10);
}

type Bucket = FigureCounts & { quejas: number; atenciones: number };
const emptyBucket = (): Bucket => ({
  started: 0,
  finished: 0,
  cancelled: 0,
  timedOut: 0,
  lockedOut: 0,
  activationEmails: 0,
  linksExpired: 0,
  quejas: 0,
  atenciones: 0,
});

export type FigureInputs = {
  events: { kioskId: string; aggregateId: string; sequence: number; event: string; step: string | null; at: number }[];
  quejas: { kioskId: string; at: number }[];
  /** audit rows 'activation.sent': when and from which kiosk */
  activationsSent: { kioskId: string | null; at: number }[];
  /** activation links: created (= the sent row's time), expired unconfirmed ones counted at expiry */
  activations: { createdAt: number; expiresAt: number; confirmed: boolean; superseded: boolean }[];
  officeOf: Map<string, string>;
};

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * The figures of one office (or all): per Ecuador month and for today. An atención is a session
 * that reached FINALIZAR (its 'finished' event: the done screen), counted once per session.
 * The time on a step is the gap between a session's consecutive milestone events, named by the
 * screen the first one entered.
 */
export function computeFigures(
  inputs: FigureInputs,
  now: number,
  scope: { kind: 'office'; office: string } | { kind: 'all' },
): FiguresResponse {
  const inScope = (kioskId: string | null) =>
    scope.kind === 'all' || (kioskId !== null && inputs.officeOf.get(kioskId) === scope.office);
  const months = new Map<string, Bucket>();
  const today = emptyBucket();
  const todayKey = ecuadorDay(now);
  const add = (at: number, field: keyof Bucket) => {
    const { year, month } = ecuadorMonth(at);
    const key = `${year}-${month}`;
    const bucket = months.get(key) ?? emptyBucket();
    bucket[field] += 1;
    months.set(key, bucket);
    if (ecuadorDay(at) === todayKey) today[field] += 1;
  };
  const fieldOf: Record<string, keyof Bucket> = {
    started: 'started',
    finished: 'finished',
    cancelled: 'cancelled',
    timeout: 'timedOut',
    locked: 'lockedOut',
  };
  const finishedSessions = new Set<string>();
  const bySession = new Map<string, FigureInputs['events']>();
  for (const e of inputs.events) {
    if (!inScope(e.kioskId)) continue;
    const field = fieldOf[e.event];
    if (field) add(e.at, field);
    const session = `${e.kioskId}/${e.aggregateId}`;
    if (e.event === 'finished' && !finishedSessions.has(session)) {
      finishedSessions.add(session);
      add(e.at, 'atenciones');
    }
    bySession.set(session, [...(bySession.get(session) ?? []), e]);
  }
  for (const q of inputs.quejas) if (inScope(q.kioskId)) add(q.at, 'quejas');
  const sentFrom = new Map<number, string | null>();
  for (const a of inputs.activationsSent) {
    sentFrom.set(a.at, a.kioskId);
    if (inScope(a.kioskId)) add(a.at, 'activationEmails');
  }
  for (const a of inputs.activations) {
    if (a.confirmed || a.superseded || a.expiresAt > now) continue;
    if (inScope(sentFrom.get(a.createdAt) ?? null)) add(a.expiresAt, 'linksExpired');
  }
  const durations = new Map<string, number[]>();
  for (const events of bySession.values()) {
    const ordered = [...events].sort((a, b) => a.sequence - b.sequence);
    for (let i = 0; i + 1 < ordered.length; i++) {
      const from = ordered[i]!;
      if (!from.step) continue;
      durations.set(from.step, [...(durations.get(from.step) ?? []), (ordered[i + 1]!.at - from.at) / 1000]);
    }
  }
  const rows: MonthRow[] = [...months.entries()]
    .map(([key, b]) => {
      const [year, month] = key.split('-').map(Number) as [number, number];
      return { year, month, ...b };
    })
    .sort((a, b) => b.year - a.year || b.month - a.month)
    .slice(0, MONTHS_SHOWN);
  return {
    scope: scope.kind,
    office: scope.kind === 'office' ? scope.office : null,
    today,
    months: rows,
    medianStepSeconds: Object.fromEntries([...durations.entries()].map(([step, v]) => [step, median(v)])),
  };
}

export async function loadFigureInputs(deps: CentralDeps): Promise<FigureInputs> {
  const [events, quejas, sent, activations, offices] = await Promise.all([
    deps.db
      .selectFrom('session_event')
      .select(['kiosk_id', 'aggregate_id', 'sequence', 'event', 'step', 'at'])
      .execute(),
    deps.db.selectFrom('queja').select(['kiosk_id', 'at']).execute(),
    deps.db.selectFrom('audit').select(['kiosk_id', 'at']).where('action', '=', 'activation.sent').execute(),
    deps.db.selectFrom('activation').select(['created_at', 'expires_at', 'confirmed_at', 'superseded']).execute(),
    deps.db.selectFrom('kiosk_status').select(['kiosk_id', 'office']).execute(),
  ]);
  return {
    events: events.map((e) => ({
      kioskId: e.kiosk_id,
      aggregateId: e.aggregate_id,
      sequence: Number(e.sequence),
      event: e.event,
      step: e.step,
      at: Number(e.at),
    })),
    quejas: quejas.map((q) => ({ kioskId: q.kiosk_id, at: Number(q.at) })),
    activationsSent: sent.map((a) => ({ kioskId: a.kiosk_id, at: Number(a.at) })),
    activations: activations.map((a) => ({
      createdAt: Number(a.created_at),
      expiresAt: Number(a.expires_at),
      confirmed: a.confirmed_at !== null,
      superseded: Number(a.superseded) !== 0,
    })),
    officeOf: new Map(offices.map((o) => [o.kiosk_id, o.office])),
  };
}

/** POST /fleet/figures: a supervisor's staff session only; codes and counts, no person. */
export function registerFiguresRoute(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(routes.figures.path, async (c) => {
    const body = await parseBody(c, 'figures');
    if (!body.ok) return body.response;
    const session = await staffSessionOf(deps, c, body.value.session);
    if (!session) return fail(c, 401, 'unauthorized');
    const scope =
      body.value.scope === 'all'
        ? ({ kind: 'all' } as const)
        : ({ kind: 'office', office: body.value.office ?? session.office } as const);
    return reply(c, 'figures', computeFigures(await loadFigureInputs(deps), deps.now(), scope));
  });
}
