import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { KioskDb } from '../../db/kiosk/schema';
import type { CentralClient } from '../central/client';
import type { FlowView } from '../contract/flow';
import { fail, ok } from '../contract/result';
import type { KioskConfig } from './config';
import type { CredentialsSink, FlowDeps, LogFn, Schedule } from './flow/context';
import { createCatalogSource } from './flow/catalogs';
import { directCredentialsSink } from './flow/credentials';
import { noSessionEvents, outboxCredentialsSink, outboxSessionEvents } from './flow/outbox-sinks';
import { createSlidingLimiter } from './flow/ratelimit';
import { FlowSession } from './flow/session';
import type { Mailer } from './mail/mailer';
import { checkPassword } from './password/policy';
import type { KioskOutbox } from './sync/outbox-service';
import { createTerminal, type EventSink, type KioskCore, type KioskTerminal } from './terminal';

export type CoreDeps = {
  config: KioskConfig;
  central: CentralClient;
  mailer: Mailer;
  centralPublicUrl: string;
  now?: () => number;
  /** codes and step names only: never an identifier, email, answer, password or token */
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
  /** timers of the activation poll and session expiry; tests pass a manual one */
  schedule?: Schedule;
  /** the outbox (DESIGN §4): credentials and session events go through it when present */
  outbox?: KioskOutbox;
  /** kiosk.db: the catalogs' cache survives restarts when present */
  kioskDb?: Kysely<KioskDb>;
  /** overrides where a finished clave goes (tests); default the outbox, else a direct call */
  credentialsSink?: CredentialsSink;
  /** trámite step 3: BUSCAR presses per kiosk per minute */
  lookupsPerMinute?: number;
};

/** A "Solicitar ayuda" waiting for staff; the supervisor view reads these (no personal data). */
export type HelpRequest = { id: string; terminalId: string; screen: string; requestedAt: number };

export interface KioskCoreService extends KioskCore {
  /** Pending help requests, oldest first. */
  pendingHelpRequests(): HelpRequest[];
  /** Staff answered: the terminal hears 'help.acknowledged'. False when no such request. */
  acknowledgeHelp(id: string): boolean;
}

export const APP_VERSION = '0.1.0';
const DEFAULT_LOOKUPS_PER_MINUTE = 10;

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

type OpenTerminal = { emit: EventSink; close: () => Promise<void> };

/** The kiosk core: one flow session per terminal, shared catalogs, rate limit and help queue. */
export function createKioskCore(deps: CoreDeps): KioskCoreService {
  const now = deps.now ?? Date.now;
  const log: LogFn = deps.log ?? (() => {});
  const outbox = deps.outbox;
  const flowDeps: FlowDeps = {
    central: deps.central,
    mailer: deps.mailer,
    centralPublicUrl: deps.centralPublicUrl.replace(/\/$/, ''),
    now,
    schedule: deps.schedule ?? realSchedule,
    catalogs: createCatalogSource(deps.central, { ...(deps.kioskDb ? { db: deps.kioskDb } : {}), now }),
    takeLookup: createSlidingLimiter(deps.lookupsPerMinute ?? DEFAULT_LOOKUPS_PER_MINUTE, 60_000, now),
    credentialsSink: deps.credentialsSink ?? (outbox ? outboxCredentialsSink(outbox) : directCredentialsSink(deps.central)),
    sessionEvents: outbox ? outboxSessionEvents(outbox, now, log) : noSessionEvents,
    kioskId: deps.config.kioskId,
    officeName: deps.config.officeName,
    log,
  };
  const terminals = new Map<string, OpenTerminal>();
  const help = new Map<string, HelpRequest>();

  function openTerminal(): KioskTerminal {
    const terminalId = randomUUID();
    return createTerminal((emit) => {
      let session: FlowSession | null = null;
      const changed = (view: FlowView | null) => emit('session.changed', view);
      const endSession = (why: 'cancelled' | 'timeout' = 'cancelled'): boolean => {
        const had = session !== null && !session.isEnded;
        session?.end(why);
        session = null;
        // nothing of the person may stay in kiosk.db's files once their session is over
        if (had) void outbox?.scrub();
        return had;
      };
      const live = (): FlowSession | null => (session && !session.isEnded ? session : null);

      const close = async () => {
        endSession();
        terminals.delete(terminalId);
        for (const [id, request] of help) if (request.terminalId === terminalId) help.delete(id);
        log('terminal.closed');
      };
      terminals.set(terminalId, { emit, close });
      log('terminal.opened');

      return {
        onInternalError: (error, call) => log('core.internal_error', { call, error: error instanceof Error ? error.name : 'unknown' }),
        close,
        handlers: {
          'app.info': async () =>
            ok({
              kioskId: deps.config.kioskId,
              officeName: deps.config.officeName,
              version: APP_VERSION,
              locale: deps.config.locale,
              idleWarnSeconds: deps.config.idleWarnSeconds,
              idleResetSeconds: deps.config.idleResetSeconds,
              role: 'kiosk',
            }),
          // trámite step 1: a new choice replaces whatever was in progress
          'session.start': async ({ kind }) => {
            endSession();
            const started = new FlowSession(kind, flowDeps, changed);
            session = started;
            log('session.start', { kind });
            return started.view();
          },
          'session.view': async () => {
            const current = live();
            return current ? current.view() : ok(null);
          },
          'session.advance': async (input) => live()?.advance(input) ?? fail('no_session'),
          'session.switchKind': async ({ kind }) => live()?.switchKind(kind) ?? fail('no_session'),
          'session.resend': async () => live()?.resend() ?? fail('no_session'),
          'session.cancel': async ({ reason }) => {
            const ended = endSession(reason === 'idle' ? 'timeout' : 'cancelled');
            log('session.cancel', { reason, ended });
            return ok({ ended });
          },
          // live feedback while typing (trámite step 12), with the person's own data when known
          'password.check': async ({ password, repeat }) => ok(checkPassword({ password, repeat, personal: live()?.personal() ?? [] })),
          'sync.status': async () =>
            ok(outbox ? await outbox.status() : { depth: 0, oldestPendingAt: null, lastDeliveredAt: null, deadLetters: 0 }),
          'help.request': async ({ screen }) => {
            const request: HelpRequest = { id: randomUUID(), terminalId, screen, requestedAt: now() };
            help.set(request.id, request);
            live()?.record('help');
            log('help.request', { screen });
            return ok({ requestedAt: request.requestedAt });
          },
        },
      };
    });
  }

  return {
    openTerminal,
    pendingHelpRequests: () => [...help.values()].sort((a, b) => a.requestedAt - b.requestedAt),
    acknowledgeHelp(id) {
      const request = help.get(id);
      if (!request) return false;
      help.delete(id);
      terminals.get(request.terminalId)?.emit('help.acknowledged', { at: now() });
      log('help.acknowledged', { screen: request.screen });
      return true;
    },
    async close() {
      for (const terminal of [...terminals.values()]) await terminal.close();
      help.clear();
    },
  };
}
