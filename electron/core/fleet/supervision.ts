import type { FiguresResponse, LiveEvent, LiveTile } from '../../../domain/fleet';
import type { StreamingCentralClient } from '../../../central/client';
import type { SupervisionView } from '../../contract/calls';
import { fail, ok, type Result } from '../../contract/result';
import type { LogFn } from '../flow/context';
import type { WatchedCentral } from '../sync/reachability';
import { followLiveView, type LiveSubscription } from './live-client';

export type SupervisorDeps = {
  central: WatchedCentral;
  client: StreamingCentralClient;
  office: string;
  log: LogFn;
  /** pushes the view to this screen ('supervision.view') */
  push: (view: SupervisionView) => void;
};

/** The office's kiosks first, then the other offices', each by kiosk id. */
export function orderTiles(tiles: Iterable<LiveTile>, office: string): LiveTile[] {
  return [...tiles].sort(
    (a, b) =>
      Number(b.office === office) - Number(a.office === office) ||
      a.office.localeCompare(b.office) ||
      a.kioskId.localeCompare(b.kioskId),
  );
}

const unavailable = (): Result<never> => fail('central_unavailable');

/**
 * One screen unlocked by a supervisor: the staff session the central issued for the PIN (held
 * here, never in the renderer), the live view it follows, and the staff actions. Locking the
 * screen forgets the session and closes the stream.
 */
export function createSupervisorScreen(deps: SupervisorDeps) {
  let token: string | null = null;
  // the central checks the PIN with argon2id: the unlock does not wait for it, the first call does
  let opening: Promise<void> = Promise.resolve();
  let subscription: LiveSubscription | null = null;
  const tiles = new Map<string, LiveTile>();
  let connected = false;
  const view = (): SupervisionView => ({
    office: deps.office,
    connected,
    tiles: orderTiles(tiles.values(), deps.office),
  });
  const onEvent = (event: LiveEvent) => {
    if (event.type === 'snapshot') {
      tiles.clear();
      for (const tile of event.tiles) tiles.set(tile.kioskId, tile);
    } else tiles.set(event.tile.kioskId, event.tile);
    deps.push(view());
  };

  return {
    /** Proves the PIN to the central as well; without a session the screen says the central is out of reach. */
    open(pin: string): void {
      opening = deps.central.call('staffSession', { pin, office: deps.office }).then((opened) => {
        if (opened.ok && opened.value.role === 'supervisor') token = opened.value.token;
        else deps.log('fleet.staff_session_failed', { kind: opened.ok ? 'role' : opened.failure.kind });
      });
    },
    close(): void {
      subscription?.close();
      subscription = null;
      token = null;
      tiles.clear();
      connected = false;
    },
    async watch(): Promise<Result<SupervisionView>> {
      await opening;
      if (!token) return unavailable();
      subscription ??= followLiveView({
        client: deps.client,
        token,
        onEvent,
        onConnected: (now) => {
          connected = now;
          deps.push(view());
        },
      });
      return ok(view());
    },
    async attend(kioskId: string, helpId: string): Promise<Result<{ attended: boolean }>> {
      await opening;
      if (!token) return unavailable();
      const sent = await deps.central.call('attendHelp', { session: token, kioskId, helpId });
      return sent.ok ? ok(sent.value) : unavailable();
    },
    async endSession(kioskId: string): Promise<Result<{ queued: boolean }>> {
      await opening;
      if (!token) return unavailable();
      const sent = await deps.central.call('endSession', { session: token, kioskId });
      return sent.ok ? ok(sent.value) : unavailable();
    },
    async figures(scope: 'office' | 'all'): Promise<Result<FiguresResponse>> {
      await opening;
      if (!token) return unavailable();
      const sent = await deps.central.call('figures', { session: token, scope, office: deps.office });
      return sent.ok ? ok(sent.value) : unavailable();
    },
  };
}
export type SupervisorScreen = ReturnType<typeof createSupervisorScreen>;
