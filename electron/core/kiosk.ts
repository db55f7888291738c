import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Role } from './role';
import type { FlowView } from '../contract/flow';
import { fail, ok } from '../contract/result';
import type { KioskConfig } from './config';
import type { FlowDeps, LogFn, Schedule } from './flow/context';
import { createCatalogSource } from './flow/catalogs';
import { outboxCredentialsSink, outboxSessionEvents } from './flow/outbox-sinks';
import { createSlidingLimiter } from './flow/ratelimit';
import { createIdleWatch } from './flow/idle';
import { FlowSession } from './flow/session';
import { idleTiming } from '../contract/idle';
import { checkPassword } from '../../domain/password/policy';
import type { KioskParts } from './parts';
import { fileOfflineKeyStore } from './staff/offline-key';
import { createPinGate, dbPinStore } from './staff/pin-gate';
import { createStaffMode } from './staff/staff-mode';
import { createTerminal, type EventSink, type KioskCore, type KioskTerminal } from './terminal';
import { createSpeaker } from './speech/espeak';
import { technicianHandlers } from './technician/handlers';
import { createTechnicianService, type TechnicianShellParts } from './technician/service';
import { fixedAudioRoute, type AudioRouteSource } from './speech/audio-route';

export type CoreDeps = {
  config: KioskConfig;
  /** kiosk.db, the watched central and the outbox, fully built (see parts.ts) */
  parts: KioskParts;
  centralPublicUrl: string;
  now?: () => number;
  /** codes and step names only: never an identifier, email, answer, password or token */
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
  /** timers of the activation poll and session expiry; tests pass a manual one */
  schedule?: Schedule;
  /** what this process was started as (--role): staff roles open on the PIN, never on a person's flow */
  role?: Role;
  /** the shell's parts of the technician's screen (log files, updater, the environment's config) */
  technician?: TechnicianShellParts;
  /** where the sound goes (speaker or headphones); unset: the speaker, so nothing personal is said */
  audioRoute?: AudioRouteSource;
};

/** A "Solicitar ayuda" waiting for staff; the supervisor view reads these (no personal data). */
export type HelpRequest = { id: string; terminalId: string; screen: string; requestedAt: number };

export interface KioskCoreService extends KioskCore {
  /** Pending help requests, oldest first. */
  pendingHelpRequests(): HelpRequest[];
  /** Staff answered: the terminal hears 'help.acknowledged'. False when no such request. */
  acknowledgeHelp(id: string): boolean;
  /** Revalidates the catalogs (bank, images, staff) with the central; false when it could not be reached and no copy exists. */
  refreshCatalogs(): Promise<boolean>;
  /**
   * Read-only facts for the update policy: whether a person's session is on any screen, and when
   * any screen last saw activity (a call, or the end of a pause). Nothing personal.
   */
  activity(): { sessionActive: boolean; lastActivityAt: number };
}

export const APP_VERSION = '0.1.0';

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

type OpenTerminal = {
  emit: EventSink;
  close: () => Promise<void>;
  sessionActive: () => boolean;
  lastActivityAt: () => number;
  /** staff answered this screen's help request: its idle clock runs again from now */
  helpAnswered: () => void;
};

/** The kiosk core: one flow session per terminal, shared catalogs, rate limit and help queue. */
export function createKioskCore(deps: CoreDeps): KioskCoreService {
  const now = deps.now ?? Date.now;
  const log: LogFn = deps.log ?? (() => {});
  const { outbox, central, kioskDb, waits } = deps.parts;
  const schedule = deps.schedule ?? realSchedule;
  const reachability = central.reachability;
  const pins = dbPinStore(kioskDb);
  // staff PINs are checked at the central; the offline key sits beside the kiosk key, not in kiosk.db
  const offlineKey = fileOfflineKeyStore(join(deps.config.dataDir, 'staff-offline.key'));
  const gate = createPinGate({ store: pins, central, offlineKey, now, log });
  const catalogs = createCatalogSource(central, {
    db: kioskDb,
    now,
    // DESIGN §4: staff PIN hashes are cached with the catalogs and mirrored into the staff table
    onFresh: (fresh) => pins.replaceStaff(fresh.staff),
  });
  const flowDeps: FlowDeps = {
    central,
    centralPublicUrl: deps.centralPublicUrl.replace(/\/$/, ''),
    now,
    schedule,
    catalogs,
    takeLookup: createSlidingLimiter(deps.config.lookupsPerMinute, 60_000, now),
    credentialsSink: outboxCredentialsSink(outbox, waits, schedule),
    sessionEvents: outboxSessionEvents(outbox, now, log),
    kioskId: deps.config.kioskId,
    officeName: deps.config.officeName,
    log,
  };
  const refreshCatalogs = async (): Promise<boolean> => {
    const fresh = await catalogs();
    log('catalogs.refresh', { ok: fresh.ok });
    return fresh.ok;
  };
  const technician = createTechnicianService({
    config: deps.config,
    baseConfig: deps.technician?.baseConfig ?? { ...deps.config },
    parts: deps.parts,
    version: APP_VERSION,
    now,
    log,
    centralMode: deps.technician?.centralMode ?? 'remote',
    mailbox: deps.technician?.mailbox ?? null,
    logs: deps.technician?.logs,
    updates: deps.technician?.updates,
    versions: deps.technician?.versions,
  });
  const terminals = new Map<string, OpenTerminal>();
  const idleBase = { warnSeconds: deps.config.idleWarnSeconds, resetSeconds: deps.config.idleResetSeconds };
  // activity of screens already closed still counts (a window reopened after a crash)
  let lastClosedActivityAt = now();
  const help = new Map<string, HelpRequest>();
  // one synthesiser for the kiosk: it has one speaker
  const speaker = createSpeaker();
  const audioRoute = deps.audioRoute ?? fixedAudioRoute('speaker');
  const unsubscribeAudioRoute = audioRoute.subscribe((route) => {
    for (const terminal of terminals.values()) terminal.emit('speech.route', { route });
  });
  // every screen hears when the central goes away or comes back; a kiosk that booted offline
  // gets its bank, images and staff as soon as the central answers again
  const unsubscribeReachability = reachability.subscribe((status) => {
    for (const terminal of terminals.values()) terminal.emit('central.status', status);
    if (status.reachable) void refreshCatalogs();
  });
  const acknowledgeHelp = (id: string): boolean => {
    const request = help.get(id);
    if (!request) return false;
    help.delete(id);
    const terminal = terminals.get(request.terminalId);
    terminal?.helpAnswered();
    terminal?.emit('help.acknowledged', { at: now() });
    log('help.acknowledged', { screen: request.screen });
    return true;
  };
  const pendingHelpRequests = () => [...help.values()].sort((a, b) => a.requestedAt - b.requestedAt);

  function openTerminal(): KioskTerminal {
    const terminalId = randomUUID();
    return createTerminal((emit) => {
      let session: FlowSession | null = null;
      // DESIGN §6: the core ends an idle session itself, whatever the renderer does
      const idle = createIdleWatch({
        now,
        schedule,
        limitMs: () => idleTiming(idleBase, live()?.state ?? 'welcome').resetSeconds * 1000,
        paused: () =>
          [...help.values()].some((r) => r.terminalId === terminalId) || (live()?.waitingOnPhone() ?? false),
        active: () => live() !== null,
        onIdle: () => {
          log('session.idle_reset', { screen: live()?.state ?? 'none' });
          endSession('timeout');
          emit('session.changed', null);
        },
      });
      const changed = (view: FlowView | null) => {
        // the flow moved by itself (the link confirmed or expired): a pause may have ended
        idle.touch();
        emit('session.changed', view);
      };
      const endSession = (why: 'cancelled' | 'timeout' = 'cancelled'): boolean => {
        const had = session !== null && !session.isEnded;
        session?.end(why);
        session = null;
        // nothing of the person may stay in kiosk.db's files once their session is over
        if (had) void outbox.scrub();
        return had;
      };
      const live = (): FlowSession | null => (session && !session.isEnded ? session : null);
      // this screen as a supervisor or technician terminal, until it locks again
      const staff = createStaffMode({
        gate,
        now,
        schedule: flowDeps.schedule,
        log,
        onExpired: () => emit('staff.locked', { reason: 'expired' }),
      });

      const close = async () => {
        idle.stop();
        lastClosedActivityAt = Math.max(lastClosedActivityAt, idle.lastActivityAt);
        staff.lock();
        endSession();
        terminals.delete(terminalId);
        for (const [id, request] of help) if (request.terminalId === terminalId) help.delete(id);
        log('terminal.closed');
      };
      terminals.set(terminalId, {
        emit,
        close,
        sessionActive: () => live() !== null,
        lastActivityAt: () => idle.lastActivityAt,
        helpAnswered: () => idle.touch(),
      });
      log('terminal.opened');

      return {
        onInternalError: (error, call) =>
          log('core.internal_error', { call, error: error instanceof Error ? error.name : 'unknown' }),
        close,
        onCall: (call) => {
          if (call !== 'app.info') idle.touch();
        },
        handlers: {
          'app.info': async () =>
            ok({
              kioskId: deps.config.kioskId,
              officeName: deps.config.officeName,
              version: APP_VERSION,
              locale: deps.config.locale,
              idleWarnSeconds: deps.config.idleWarnSeconds,
              idleResetSeconds: deps.config.idleResetSeconds,
              role: deps.role ?? 'kiosk',
              centralReachable: reachability.current().reachable,
              audioRoute: audioRoute.current(),
              speechKey: deps.config.speechKey,
            }),
          // trámite step 1: a new choice replaces whatever was in progress
          'session.start': async ({ kind }) => {
            // a person's session and staff mode never share a screen
            staff.lock();
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
          'session.back': async () => live()?.back() ?? fail('no_session'),
          'session.notMe': async () => live()?.disown() ?? fail('no_session'),
          // the call itself is the activity (onCall above)
          'session.touch': async () => ok({ at: now() }),
          'session.cancel': async ({ reason }) => {
            const ended = endSession(reason === 'idle' ? 'timeout' : 'cancelled');
            log('session.cancel', { reason, ended });
            return ok({ ended });
          },
          // live feedback while typing (trámite step 12), with the person's own data when known
          'password.check': async ({ password, repeat }) =>
            ok(checkPassword({ password, repeat, personal: live()?.personal() ?? [] })),
          'sync.status': async () => ok(await outbox.status()),
          'speech.say': (input) => speaker.say(input),
          'help.request': async ({ screen }) => {
            const request: HelpRequest = { id: randomUUID(), terminalId, screen, requestedAt: now() };
            help.set(request.id, request);
            live()?.record('help');
            log('help.request', { screen });
            return ok({ requestedAt: request.requestedAt });
          },
          'staff.unlock': async ({ pin }) => {
            // a kiosk that has not had its staff list yet (just started, the central busy) asks
            // for it before judging a PIN
            if ((await pins.staff()).length === 0) await refreshCatalogs();
            const unlocked = await staff.unlock(pin);
            // whatever a person left on this screen ends before staff see it
            if (unlocked.ok) endSession();
            return unlocked;
          },
          'staff.lock': async () => {
            staff.lock();
            return ok({ locked: true as const });
          },
          'staff.overview': async () => {
            const unlocked = staff.current();
            if (!unlocked) return fail('staff_required');
            return ok({
              role: unlocked.role,
              kioskId: deps.config.kioskId,
              officeName: deps.config.officeName,
              centralReachable: reachability.current().reachable,
              outbox: await outbox.status(),
              helpRequests: pendingHelpRequests().map(({ id, screen, requestedAt }) => ({ id, screen, requestedAt })),
              catalogsFetchedAt: await catalogs.fetchedAt(),
            });
          },
          'staff.acknowledgeHelp': async ({ id }) => {
            if (!staff.current()) return fail('staff_required');
            return ok({ acknowledged: acknowledgeHelp(id) });
          },
          ...technicianHandlers(technician, () => staff.current()),
        },
      };
    });
  }

  return {
    openTerminal,
    pendingHelpRequests,
    acknowledgeHelp,
    refreshCatalogs,
    activity: () => {
      const open = [...terminals.values()];
      return {
        sessionActive: open.some((t) => t.sessionActive()),
        lastActivityAt: Math.max(lastClosedActivityAt, ...open.map((t) => t.lastActivityAt())),
      };
    },
    async close() {
      unsubscribeReachability();
      unsubscribeAudioRoute();
      for (const terminal of [...terminals.values()]) await terminal.close();
      help.clear();
    },
  };
}
