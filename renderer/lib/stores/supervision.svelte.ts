import type { FiguresResponse, KioskError, LiveTile, SupervisionView } from '../../../electron/contract';
import { playChime } from '../audio/chime';
import { session } from './session.svelte';

export type SupervisionTab = 'kiosks' | 'figures';

/** Help requests and people mid-trámite: ending their session needs a warning first. */
export const isMidSession = (tile: LiveTile): boolean => tile.state === 'in_session' || tile.state === 'locked';

/**
 * The supervisor's screen: the office live view the core follows for it, the staff actions and
 * the figures. Only codes, counts, kiosk ids and step names pass through here (the contract's
 * LiveTile has no field for anything else).
 */
class Supervision {
  view = $state<SupervisionView | null>(null);
  error = $state<KioskError | null>(null);
  tab = $state<SupervisionTab>('kiosks');
  figures = $state<FiguresResponse | null>(null);
  scope = $state<'office' | 'all'>('office');
  /** a kiosk whose session the supervisor asked to end while someone is on it: confirm first */
  confirmEnd = $state<LiveTile | null>(null);
  /** the kiosk the last end-session went to (a status line says so) */
  ended = $state<string | null>(null);
  #heard = new Set<string>();

  readonly helpCount: number = $derived(this.view?.tiles.filter((t) => t.help !== null).length ?? 0);

  #apply(view: SupervisionView): void {
    // a new request rings once on arrival; the alert stays on screen until someone attends it
    const fresh = view.tiles.filter((t) => t.help && !this.#heard.has(t.help.id));
    for (const tile of fresh) if (tile.help) this.#heard.add(tile.help.id);
    if (fresh.length > 0) playChime(0.6);
    this.view = view;
  }

  /** Starts following the live view; returns the stop function for the screen's cleanup. */
  start(): () => void {
    const stop = session.on('supervision.view', (view) => this.#apply(view));
    void session.request('supervision.watch', {}, true).then((result) => {
      if (result.ok) {
        this.error = null;
        this.#apply(result.value);
      } else this.error = result.error;
    });
    return stop;
  }

  async attend(tile: LiveTile): Promise<void> {
    if (!tile.help) return;
    const result = await session.request('supervision.attend', { kioskId: tile.kioskId, helpId: tile.help.id });
    this.error = result.ok ? null : result.error;
  }

  askEnd(tile: LiveTile): void {
    if (isMidSession(tile)) this.confirmEnd = tile;
    else void this.endNow(tile.kioskId);
  }

  async endNow(kioskId: string): Promise<void> {
    this.confirmEnd = null;
    const result = await session.request('supervision.endSession', { kioskId });
    this.error = result.ok ? null : result.error;
    this.ended = result.ok && result.value.queued ? kioskId : null;
  }

  async loadFigures(scope = this.scope): Promise<void> {
    this.scope = scope;
    const result = await session.request('supervision.figures', { scope });
    if (result.ok) {
      this.figures = result.value;
      this.error = null;
    } else this.error = result.error;
  }
}

export const supervision = new Supervision();
