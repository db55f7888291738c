import type {
  AppInfo,
  CallInput,
  CallName,
  CallOutput,
  CancelReason,
  EventName,
  EventPayload,
  FlowKind,
  FlowView,
  KioskError,
  PasswordCheck,
  Result,
  StepInput,
} from '../../../electron/contract';
import type { KioskConnection } from '../api';

/** How often a touch on the screen is passed on to the core's idle clock (its grace is 5 s). */
const TOUCH_EVERY_MS = 2_000;

/** The screen names the renderer reports in `data-screen`; 'welcome' before any flow starts. */
export type ScreenName = FlowView['screen'] | 'welcome';

/**
 * The kiosk session as the renderer sees it: the current view, the last error and whether a
 * call is in flight. Screens read it and call its methods; they never hold flow state.
 */
class KioskSession {
  info = $state<AppInfo | null>(null);
  view = $state<FlowView | null>(null);
  error = $state<KioskError | null>(null);
  connected = $state(false);
  inFlight = $state(0);

  readonly screen: ScreenName = $derived(this.view?.screen ?? 'welcome');
  readonly busy: boolean = $derived(this.inFlight > 0);

  #api: KioskConnection | null = null;
  #lastTouch = 0;

  attach(api: KioskConnection): void {
    this.#api = api;
    api.on('session.changed', (view) => {
      // the core ended the session itself (idle, expiry, staff ended it from afar): the next
      // person gets the same clean slate as after Cancelar, not the last one's notes and settings
      if (view === null && this.view !== null) return resetKiosk();
      // the core moved the flow itself (activation confirmed on the phone)
      this.error = null;
      this.view = view;
    });
    api.onConnection((connected, reconnected) => {
      this.connected = connected;
      // a new socket is a new terminal: whatever session there was is gone with the old one
      if (reconnected && this.view) resetKiosk();
      if (connected && !this.info) void this.#loadInfo();
    });
  }

  async #loadInfo(): Promise<void> {
    const info = await this.#call('app.info', {});
    if (info.ok) this.info = info.value;
  }

  async #call<C extends CallName>(name: C, input: CallInput<C>): Promise<Result<CallOutput<C>>> {
    if (!this.#api) return { ok: false, error: { code: 'internal' } };
    this.inFlight += 1;
    try {
      return await this.#api.call(name, input);
    } finally {
      this.inFlight -= 1;
    }
  }

  /**
   * A call outside the person's flow (staff mode). `quiet` leaves the busy flag alone, so a
   * background refresh does not disable the screen's buttons every few seconds.
   */
  request<C extends CallName>(name: C, input: CallInput<C>, quiet = false): Promise<Result<CallOutput<C>>> {
    if (quiet) return this.#api?.call(name, input) ?? Promise.resolve({ ok: false, error: { code: 'internal' } });
    return this.#call(name, input);
  }

  /** Listens to a core event (already checked against the contract by the API client). */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.#api?.on(event, listener) ?? (() => undefined);
  }

  /** Runs a call that yields the next view; on failure keeps the screen and shows why. */
  async #move(result: Promise<Result<FlowView>>): Promise<boolean> {
    const r = await result;
    if (r.ok) {
      this.error = null;
      this.view = r.value;
      return true;
    }
    this.error = r.error;
    if (r.error.code === 'wrong_answers' || r.error.code === 'locked' || r.error.code === 'wrong_step') {
      // the core drew fresh questions or moved on (e.g. to the lockout): show what it shows now
      const fresh = await this.#call('session.view', {});
      if (fresh.ok && fresh.value) this.view = fresh.value;
    }
    return false;
  }

  start(kind: FlowKind): Promise<boolean> {
    return this.#move(this.#call('session.start', { kind }));
  }

  advance(input: StepInput): Promise<boolean> {
    return this.#move(this.#call('session.advance', input));
  }

  switchKind(kind: FlowKind): Promise<boolean> {
    return this.#move(this.#call('session.switchKind', { kind }));
  }

  /** "Volver" / "Corregir": one screen back, the core puts back what was typed there. */
  back(): Promise<boolean> {
    return this.#move(this.#call('session.back', {}));
  }

  /** "No soy yo": the looked-up person is dropped and identification starts again. */
  notMe(): Promise<boolean> {
    return this.#move(this.#call('session.notMe', {}));
  }

  resend(): Promise<boolean> {
    return this.#move(this.#call('session.resend', {}));
  }

  /**
   * Live feedback runs in the background as the person types: it must never mark the screen busy,
   * or a tap on GENERAR that lands while a check is in flight hits a disabled button and is lost.
   */
  checkPassword(password: string, repeat: string): Promise<Result<PasswordCheck>> {
    return this.request('password.check', { password, repeat }, true);
  }

  requestHelp(screen: ScreenName): Promise<Result<{ requestedAt: number }>> {
    return this.#call('help.request', { screen });
  }

  onHelpAcknowledged(listener: () => void): () => void {
    return this.#api?.on('help.acknowledged', () => listener()) ?? (() => undefined);
  }

  clearError(): void {
    this.error = null;
  }

  /**
   * A problem the screen found before asking the core (e.g. the box left unticked); `field` names
   * the input it is about, so the message can sit next to it and the focus can move there.
   */
  showError(code: KioskError['code'], field?: string): void {
    this.error = field === undefined ? { code } : { code, field };
  }

  /** Points the core's last refusal at a field, when the core did not name one itself. */
  pointAt(field: string, codes: ReadonlyArray<KioskError['code']>): void {
    if (this.error && this.error.field === undefined && codes.includes(this.error.code))
      this.error = { ...this.error, field };
  }

  /**
   * Tells the core the person is still here, at most every TOUCH_EVERY_MS (well under the core's
   * grace after the reset time): typing an email makes no other call for minutes. Quiet: it
   * never marks the screen busy.
   */
  touch(): void {
    const at = Date.now();
    if (!this.view || at - this.#lastTouch < TOUCH_EVERY_MS) return;
    this.#lastTouch = at;
    void this.request('session.touch', {}, true);
  }

  /** Ends the session at the core, then forgets everything on this screen. */
  async end(reason: CancelReason): Promise<void> {
    await this.#call('session.cancel', { reason });
    resetKiosk();
  }
}

export const session = new KioskSession();

/**
 * A clean slate for the next person: reloading drops every rune, field and preference at once
 * (nothing personal is kept in storage, so nothing survives the reload).
 */
export function resetKiosk(): void {
  // busy until the fresh page is up: nothing pressed on the old page in between can be lost
  document.documentElement.dataset.busy = 'true';
  window.location.reload();
}
