import type { FleetCommand, FleetUpdate, Heartbeat } from '../../../domain/fleet';
import type { LogFn } from '../flow/context';
import type { HelpRequest } from '../kiosk';
import type { WatchedCentral } from '../sync/reachability';
import type { KioskOutbox } from '../sync/outbox-service';
import type { ActivityBoard } from './activity';

/** A heartbeat this often (and at once on every change): the central calls a kiosk offline after 10 s. */
export const HEARTBEAT_MS = 3_000;
/** A heartbeat not answered in this time has failed (the load test holds the central to it too). */
export const HEARTBEAT_TIMEOUT_MS = 4_000;

export type HeartbeatDeps = {
  central: WatchedCentral;
  board: ActivityBoard;
  outbox: KioskOutbox;
  office: string;
  version: string;
  /** the shell's updater (phase, target version); null where the kiosk does not update itself */
  update?: () => FleetUpdate | null;
  /** the oldest "Solicitar ayuda" still waiting on this kiosk */
  pendingHelp: () => HelpRequest | null;
  /** what staff asked of this kiosk (help attended, end the session) */
  onCommand: (command: FleetCommand) => Promise<void>;
  log: LogFn;
  intervalMs?: number;
};

/**
 * Builds a heartbeat from codes and counts only. Its schema (domain/fleet.ts) has no field that
 * could carry a typed value: the step is a screen name, the help request a random id.
 */
export async function buildHeartbeat(deps: HeartbeatDeps): Promise<Heartbeat> {
  const activity = deps.board.current();
  const outbox = await deps.outbox.status();
  const help = deps.pendingHelp();
  return {
    office: deps.office,
    version: deps.version,
    state: activity.state,
    step: activity.step,
    since: activity.since,
    outbox: { depth: outbox.depth, deadLetters: outbox.deadLetters },
    help: help ? { id: help.id, screen: help.screen, since: help.requestedAt } : null,
    lastError: activity.lastError,
    update: deps.update?.() ?? null,
  };
}

/**
 * The heartbeat loop: every few seconds, and at once when the kiosk's activity changes. One
 * request at a time; a change during a request sends again right after it.
 */
export function createHeartbeat(deps: HeartbeatDeps) {
  let timer: NodeJS.Timeout | null = null;
  let sending = false;
  let again = false;
  let stopped = true;
  const beat = async (): Promise<void> => {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    try {
      do {
        again = false;
        const sent = await deps.central.call('heartbeat', await buildHeartbeat(deps), {
          timeoutMs: HEARTBEAT_TIMEOUT_MS,
        });
        if (sent.ok) for (const command of sent.value.commands) await deps.onCommand(command);
        else if (sent.failure.kind === 'rejected') deps.log('fleet.heartbeat_refused', { error: sent.failure.error });
      } while (again && !stopped);
    } catch (error) {
      deps.log('fleet.heartbeat_failed', { error: error instanceof Error ? error.name : 'unknown' });
    } finally {
      sending = false;
    }
  };
  const unsubscribe = deps.board.subscribe(() => {
    if (!stopped) void beat();
  });
  return {
    beat,
    start(): void {
      stopped = false;
      void beat();
      timer = setInterval(() => void beat(), deps.intervalMs ?? HEARTBEAT_MS);
      timer.unref();
    },
    stop(): void {
      stopped = true;
      unsubscribe();
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
export type HeartbeatLoop = ReturnType<typeof createHeartbeat>;
