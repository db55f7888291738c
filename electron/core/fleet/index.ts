import { randomUUID } from 'node:crypto';
import type { StreamingCentralClient } from '../../../central/client';
import type { FleetCommand, FleetUpdate } from '../../../domain/fleet';
import { fleetCallNames, type CallInput, type FleetCallName } from '../../contract/calls';
import type { FlowView } from '../../contract/flow';
import { fail, ok, type Result } from '../../contract/result';
import { parseCall } from '../../contract/wire';
import type { LogFn } from '../flow/context';
import type { KioskCoreService } from '../kiosk';
import type { Role } from '../role';
import type { WatchedCentral } from '../sync/reachability';
import type { KioskOutbox } from '../sync/outbox-service';
import type { EventSink, KioskTerminal } from '../terminal';
import { createActivityBoard } from './activity';
import { createHeartbeat } from './heartbeat';
import { createSupervisorScreen, type SupervisorScreen } from './supervision';

export type FleetDeps = {
  core: KioskCoreService;
  central: WatchedCentral;
  /** the raw client: opens the signed live-view stream */
  client: StreamingCentralClient;
  outbox: KioskOutbox;
  kioskId: string;
  office: string;
  version: string;
  /** only a kiosk sends heartbeats; a supervisor or technician window is not a kiosk of the office */
  role: Role;
  now?: () => number;
  log?: LogFn;
  heartbeatMs?: number;
  /** the shell's updater as the heartbeat reports it (update-state.ts); unset: it does not update itself */
  update?: () => FleetUpdate | null;
};

/** Refusals that say something about the kiosk (not about what a person typed). */
const KIOSK_ERRORS = new Set(['central_unavailable', 'mail_unavailable', 'internal', 'rate_limited']);
const VIEW_CALLS = new Set([
  'session.start',
  'session.advance',
  'session.switchKind',
  'session.resend',
  'session.view',
]);
const isFleetCall = (name: unknown): name is FleetCallName =>
  typeof name === 'string' && (fleetCallNames as readonly string[]).includes(name);

type OpenScreen = { inner: KioskTerminal; emit: EventSink; supervisor: SupervisorScreen };

/**
 * The fleet around the kiosk core: it watches each screen's calls and events for the heartbeat
 * (screen names and codes only), answers the supervisor and queja calls, and carries out what
 * staff asked through the central (help attended, end the session). The core itself is unchanged.
 */
export function withFleet(deps: FleetDeps) {
  const now = deps.now ?? Date.now;
  const log: LogFn = deps.log ?? (() => {});
  const reachability = deps.central.reachability;
  const board = createActivityBoard(now, () => reachability.current().reachable);
  const screens = new Map<string, OpenScreen>();
  const unsubscribeReach = reachability.subscribe(() => board.recheck());

  /** Staff ended this kiosk's session from afar: each person's session ends (and is forgotten) and the screen goes back to the welcome. */
  async function endSessions(): Promise<void> {
    for (const [id, screen] of screens) {
      const cancelled = await screen.inner.handle('session.cancel', { reason: 'user' });
      if (cancelled.ok && (cancelled.value as { ended: boolean }).ended) screen.emit('session.changed', null);
      board.update(id, { screen: null });
    }
    log('fleet.session_ended_by_staff');
  }

  async function onCommand(command: FleetCommand): Promise<void> {
    if (command.kind === 'help.attended') {
      deps.core.acknowledgeHelp(command.helpId);
      board.poke();
    } else await endSessions();
  }

  const heartbeat =
    deps.role === 'kiosk'
      ? createHeartbeat({
          central: deps.central,
          board,
          outbox: deps.outbox,
          office: deps.office,
          version: deps.version,
          pendingHelp: () => deps.core.pendingHelpRequests()[0] ?? null,
          ...(deps.update ? { update: deps.update } : {}),
          onCommand,
          log,
          ...(deps.heartbeatMs ? { intervalMs: deps.heartbeatMs } : {}),
        })
      : null;

  async function fleetCall(
    supervisor: SupervisorScreen,
    staffRole: () => string | null,
    name: FleetCallName,
    input: unknown,
  ): Promise<Result<unknown>> {
    if (name === 'queja.report') {
      const q = input as CallInput<'queja.report'>;
      const text = q.text.trim();
      await deps.outbox.append('queja', randomUUID(), {
        category: q.category,
        text: text === '' ? null : text,
        step: q.step,
        at: now(),
      });
      log('queja.report', { category: q.category, step: q.step });
      return ok({ queued: true as const });
    }
    if (staffRole() !== 'supervisor') return fail('staff_required');
    if (name === 'supervision.watch') return supervisor.watch();
    if (name === 'supervision.attend') {
      const a = input as CallInput<'supervision.attend'>;
      return supervisor.attend(a.kioskId, a.helpId);
    }
    if (name === 'supervision.endSession')
      return supervisor.endSession((input as CallInput<'supervision.endSession'>).kioskId);
    return supervisor.figures((input as CallInput<'supervision.figures'>).scope);
  }

  function openTerminal(): KioskTerminal {
    const inner = deps.core.openTerminal();
    const id = randomUUID();
    const listeners = new Set<EventSink>();
    const emit: EventSink = (event, payload) => {
      for (const listener of [...listeners]) listener(event, payload);
    };
    let role: string | null = null;
    const supervisor = createSupervisorScreen({
      central: deps.central,
      client: deps.client,
      office: deps.office,
      log,
      push: (view) => emit('supervision.view', view),
    });
    const leaveStaff = () => {
      role = null;
      supervisor.close();
      board.update(id, { staff: false });
    };
    inner.onEvent((event, payload) => {
      if (event === 'session.changed') board.update(id, { screen: (payload as FlowView | null)?.screen ?? null });
      if (event === 'staff.locked') leaveStaff();
    });
    screens.set(id, { inner, emit, supervisor });
    board.update(id, {});

    const observe = async (name: unknown, input: unknown, result: Result<unknown>) => {
      if (!result.ok) {
        if (KIOSK_ERRORS.has(result.error.code)) board.update(id, { lastError: result.error.code });
        return;
      }
      if (typeof name !== 'string') return;
      if (VIEW_CALLS.has(name)) board.update(id, { screen: (result.value as FlowView | null)?.screen ?? null });
      else if (name === 'session.cancel') board.update(id, { screen: null });
      else if (name === 'help.request') board.poke();
      else if (name === 'staff.lock') leaveStaff();
      else if (name === 'staff.unlock') {
        const unlocked = result.value as { role: string };
        role = unlocked.role;
        board.update(id, { staff: true, screen: null });
        // the PIN proves itself to the central too: the live view needs a session it issued
        if (role === 'supervisor') supervisor.open((input as { pin: string }).pin);
      }
    };

    return {
      async handle(name, input) {
        if (isFleetCall(name)) {
          const parsed = parseCall(name, input);
          if (!parsed.ok) return parsed;
          try {
            return await fleetCall(supervisor, () => role, name, parsed.value.input);
          } catch (error) {
            log('fleet.internal_error', { call: name, error: error instanceof Error ? error.name : 'unknown' });
            return fail('internal');
          }
        }
        const result = await inner.handle(name, input);
        await observe(name, input, result);
        return result;
      },
      onEvent(listener) {
        listeners.add(listener);
        const unsubscribe = inner.onEvent(listener);
        return () => {
          listeners.delete(listener);
          unsubscribe();
        };
      },
      async close() {
        supervisor.close();
        screens.delete(id);
        board.remove(id);
        listeners.clear();
        await inner.close();
      },
    };
  }

  const core: KioskCoreService = {
    ...deps.core,
    openTerminal,
    pendingHelpRequests: () => deps.core.pendingHelpRequests(),
    acknowledgeHelp: (helpId) => deps.core.acknowledgeHelp(helpId),
    refreshCatalogs: () => deps.core.refreshCatalogs(),
    async close() {
      heartbeat?.stop();
      unsubscribeReach();
      for (const screen of [...screens.values()]) screen.supervisor.close();
      await deps.core.close();
    },
  };
  return {
    core,
    board,
    heartbeat,
    start(): void {
      heartbeat?.start();
    },
  };
}
