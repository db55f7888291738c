import { randomUUID } from 'node:crypto';
import type { SessionEventName } from '../../../central/contract';
import type { FlowKind, FlowView, StepInput } from '../../contract/flow';
import { fail, ok, type Result } from '../../contract/result';
import { ACTIVATION_POLL_MS, confirmEmailStep, pollActivation, resendActivation } from './activation';
import { finishingOf } from './finishing';
import { smsStep } from './sms';
import { emailStep } from './contact';
import type { AtStep, Cancel, FlowDeps, FlowStep, StepContext, StepOutcome } from './context';
import { declarationStep, passwordStep } from './credentials';
import { employerCodeStep, employerIdentifyStep, resendEmployerCode } from './employer';
import { challengeStep, identifyStep } from './identify';
import { acceptsStep, back, canDisown, canMove, firstState, next, type FlowState, type StepName } from './machine';
import { backFromSetup, confirmIdentityStep, securityImageStep, securityQuestionsStep } from './profile';
import { viewOf } from './views';

/** Which moves the central counts (DESIGN §4: session events for the figures). */
function milestoneOf(from: FlowState, to: FlowState): SessionEventName | null {
  if (to === 'locked') return 'locked';
  if (to === 'done') return 'finished';
  if (from === 'identify' || from === 'employerIdentify') return 'identified';
  if (from === 'challenge' || from === 'employerCode') return 'verified';
  if (from === 'activation') return 'activated';
  return null;
}

/** A session lives at most as long as the central's verification grant (15 minutes). */
export const SESSION_MAX_MS = 15 * 60_000;

type StepHandler<K extends StepName> = (
  at: AtStep<K>,
  input: Extract<StepInput, { step: K }>,
  ctx: StepContext,
) => StepOutcome | Promise<StepOutcome>;

/**
 * One handler per step input; which of them may run now is the machine's table, not this one.
 * Each receives its own screen's data, so it never re-checks what the screen implies.
 */
const stepHandlers: { [K in StepName]: StepHandler<K> } = {
  identify: identifyStep,
  employerIdentify: employerIdentifyStep,
  challenge: challengeStep,
  confirmIdentity: (at, _input, ctx) => confirmIdentityStep(at, ctx),
  securityQuestions: securityQuestionsStep,
  securityImage: securityImageStep,
  email: emailStep,
  confirmEmail: (at, _input, ctx) => confirmEmailStep(at, ctx),
  activation: smsStep,
  declaration: (at) => declarationStep(at),
  password: passwordStep,
  employerCode: employerCodeStep,
};

/** "Volver" per screen: what the screen gone back to holds (the table says which screen it is). */
function backStep(at: FlowStep, ctx: StepContext): StepOutcome | Promise<StepOutcome> {
  switch (at.screen) {
    case 'challenge':
      // nothing was verified: the looked-up person is dropped, the next BUSCAR starts clean
      return ok({ screen: 'identify', typed: null });
    case 'securityQuestions':
    case 'securityImage':
    case 'email':
      return backFromSetup(at, ctx);
    case 'confirmEmail':
      return ok({ screen: 'email', verified: at.verified, chosen: at.chosen, contact: at.contact });
    case 'password':
      return ok({ screen: 'declaration', finishing: at.finishing });
    default:
      return fail('wrong_step');
  }
}

/**
 * What the kiosk can check of the personal rule (DESIGN §2): the person's identifier; for an
 * employer, the RUC and the legal representative's cédula. The birth date is not here: the kiosk
 * never learns it, and the central's own check (the authoritative one) refuses a clave with it.
 */
function personalOf(at: FlowStep): string[] {
  if ('finishing' in at) return [...at.finishing.personal];
  if ('verified' in at) return [at.verified.person.id];
  if (at.screen === 'challenge') return [at.person.id];
  if (at.screen === 'employerCode') return [at.employer.ruc, at.employer.legalRepId];
  return [];
}

/** The recover path shows the image screen only to a person who set one (progress, way back). */
function hasOwnImageOf(at: FlowStep): boolean | null {
  if (!('verified' in at)) return null;
  return (at.verified.profile.imageCandidates?.length ?? 0) > 0;
}

/**
 * One person at one terminal. Everything personal lives in the current step (`at`), in memory
 * only: each screen's value carries exactly what that screen may hold, so moving on drops what is
 * no longer needed and ending the session drops the person with the value. Calls run one at a
 * time, so a poll of the activation and a tap on the screen never interleave.
 */
export class FlowSession {
  /** random, per session: the outbox aggregate of its events (never the person's id) */
  readonly id: string = randomUUID();
  private kindNow: FlowKind;
  /** the current step with its data; null once the session ended */
  private at: FlowStep | null;
  /** the screen the session was on, for logs and events after it ended */
  private lastScreen: FlowState;
  /** not personal: whether the recover path includes the image screen */
  private hasOwnImage = false;
  private readonly startedAt: number;
  private queue: Promise<unknown> = Promise.resolve();
  private cancelPoll: Cancel | null = null;
  private pollGeneration = 0;
  private readonly cancelExpiry: Cancel;

  constructor(
    kind: FlowKind,
    private readonly deps: FlowDeps,
    /** the flow moved without the renderer asking; null when the session ended by itself */
    private readonly onChange: (view: FlowView | null) => void,
  ) {
    this.kindNow = kind;
    this.at = initialStep(kind);
    this.lastScreen = this.at.screen;
    this.startedAt = deps.now();
    this.cancelExpiry = deps.schedule(() => this.expire(), SESSION_MAX_MS);
    this.record('started');
  }

  /** A milestone for the central's figures (the flow and screen, nothing personal). */
  record(event: SessionEventName): void {
    this.deps.sessionEvents(this.id, event, this.kindNow, this.state);
  }

  get kind(): FlowKind {
    return this.kindNow;
  }

  get state(): FlowState {
    return this.at?.screen ?? this.lastScreen;
  }

  get isEnded(): boolean {
    return this.checkExpired();
  }

  view(): Result<FlowView> {
    if (this.isEnded || !this.at) return fail('no_session');
    return ok(viewOf(this.kindNow, this.at, this.hasOwnImage));
  }

  /**
   * The person is on their phone with a live activation link (trámite step 10): not idle at the
   * kiosk, so the idle clock does not run until the link is confirmed or expires.
   */
  waitingOnPhone(): boolean {
    const at = this.current();
    return at?.screen === 'activation' && !at.wait.expired && this.deps.now() < at.wait.expiresAt;
  }

  /** What the new clave may not contain, for the live check while typing. */
  personal(): string[] {
    const at = this.isEnded ? null : this.at;
    return at ? personalOf(at) : [];
  }

  advance(input: StepInput): Promise<Result<FlowView>> {
    return this.serial(() => this.step(input));
  }

  /** From the identify screen: Generar ↔ Recuperar keeping the typed id, and BUSCAR again. */
  switchKind(kind: FlowKind): Promise<Result<FlowView>> {
    return this.serial(async () => {
      const at = this.current();
      if (!at) return fail('no_session');
      if (this.kindNow === 'employer' || kind === 'employer' || at.screen !== 'identify') return fail('wrong_step');
      if (kind === this.kindNow) return this.view();
      const typed = at.typed;
      this.kindNow = kind;
      this.at = initialStep(kind);
      this.deps.log('flow.switch_kind', { kind });
      return typed ? this.step(typed) : this.view();
    });
  }

  /** "Volver": one screen back where the flow allows it, keeping what the person gave there. */
  back(): Promise<Result<FlowView>> {
    return this.serial(async () => {
      const at = this.current();
      if (!at) return fail('no_session');
      const to = back(this.kindNow, at.screen, { hasOwnImage: this.hasOwnImage });
      if (to === null) return fail('wrong_step');
      const outcome = await backStep(at, this.context());
      if (this.at !== at) return fail('no_session');
      if (!outcome.ok) return outcome;
      // the table decides where "Volver" may lead; a handler that disagrees is a bug, not a move
      if (outcome.value.screen !== to) return fail('internal');
      this.deps.log('flow.back', { kind: this.kindNow, from: at.screen, to });
      this.place(outcome.value);
      return this.view();
    });
  }

  /**
   * "No soy yo" on the identity confirm: the looked-up person and the grant are dropped and the
   * person starts identifying again. No attempt is spent and none is given back: the central
   * counted what was answered, and the next BUSCAR is a new look-up under the same limits.
   */
  disown(): Promise<Result<FlowView>> {
    return this.serial(async () => {
      const at = this.current();
      if (!at) return fail('no_session');
      if (!canDisown(this.kindNow, at.screen)) return fail('wrong_step');
      this.deps.log('flow.not_me', { kind: this.kindNow });
      this.hasOwnImage = false;
      this.place({ screen: 'identify', typed: null });
      return this.view();
    });
  }

  /** RESEND on the activation wait or the employer code screen. */
  resend(): Promise<Result<FlowView>> {
    return this.serial(async () => {
      const at = this.current();
      if (!at) return fail('no_session');
      const ctx = this.context();
      let sent: Result<true>;
      if (at.screen === 'activation') sent = await resendActivation(at, ctx);
      else if (at.screen === 'employerCode') sent = await resendEmployerCode(at, ctx);
      else return fail('wrong_step');
      this.deps.log('flow.resend', {
        kind: this.kindNow,
        screen: at.screen,
        outcome: sent.ok ? 'ok' : sent.error.code,
      });
      if (this.at !== at) return fail('no_session');
      if (!sent.ok) return this.refused(sent);
      if (at.screen === 'activation') this.startPolling();
      return this.view();
    });
  }

  /**
   * Ends the session and forgets the person: the step value that held them is dropped. Safe to
   * call twice. `why` is recorded unless the flow already reached its last screen (done and
   * locked were recorded on entry).
   */
  end(why?: 'cancelled' | 'timeout'): void {
    if (!this.at) return;
    if (why && this.at.screen !== 'done' && this.at.screen !== 'locked') this.record(why);
    this.lastScreen = this.at.screen;
    this.at = null;
    this.stopPolling();
    this.cancelExpiry();
  }

  /** One activation poll now (the timer calls this; tests may too). */
  pollNow(): Promise<void> {
    return this.pollOnce(this.pollGeneration);
  }

  private current(): FlowStep | null {
    return this.isEnded ? null : this.at;
  }

  private context(): StepContext {
    return { kind: this.kindNow, sessionId: this.id, deps: this.deps };
  }

  private async step(input: StepInput): Promise<Result<FlowView>> {
    const at = this.current();
    if (!at) return fail('no_session');
    // trámite step 10 happens on the phone: the waiting screen moves by itself, or by the SMS code
    if (at.screen === 'activation' && input.step !== 'activation')
      return fail(at.wait.expired ? 'activation_expired' : 'activation_pending');
    // a call from the renderer for another screen than the one the person is on
    if (!acceptsStep(this.kindNow, at.screen, input.step)) return fail('wrong_step');
    const handler = stepHandlers[input.step] as StepHandler<StepName>;
    // with the end line below, a step that never returns shows in the log as a start without an end
    this.deps.log('flow.step.start', { kind: this.kindNow, step: input.step });
    const outcome = await handler(at as never, input as never, this.context());
    if (this.at !== at) return fail('no_session');
    this.deps.log('flow.step', {
      kind: this.kindNow,
      step: input.step,
      outcome: outcome.ok ? 'ok' : outcome.error.code,
    });
    if (!outcome.ok) return this.refused(outcome);
    const to = outcome.value;
    if (to.screen === at.screen) {
      this.at = to; // the same screen with fresh data (a new challenge set)
      return this.view();
    }
    // the table decides which moves exist; a handler that disagrees is a bug, not a move
    if (!canMove(this.kindNow, at.screen, to.screen)) return fail('internal');
    this.enter(to);
    return this.view();
  }

  /** A spent verification cannot be resumed: the session ends and the renderer starts over. */
  private refused(refusal: Result<never>): Result<never> {
    if (!refusal.ok && refusal.error.code === 'no_session') this.end();
    return refusal;
  }

  /** Puts the session on `to`; what the previous step held and `to` does not is gone with it. */
  private place(to: FlowStep): void {
    this.at = to;
    this.lastScreen = to.screen;
    const hasOwnImage = hasOwnImageOf(to);
    if (hasOwnImage !== null && this.kindNow === 'recover') this.hasOwnImage = hasOwnImage;
    if (to.screen === 'activation') this.startPolling();
    else this.stopPolling();
  }

  private enter(to: FlowStep): void {
    const from = this.state;
    this.place(to);
    const milestone = milestoneOf(from, to.screen);
    if (milestone) this.record(milestone);
    this.deps.log('flow.enter', { kind: this.kindNow, screen: to.screen });
  }

  private startPolling(): void {
    this.stopPolling();
    const generation = this.pollGeneration;
    this.cancelPoll = this.deps.schedule(() => void this.pollOnce(generation), ACTIVATION_POLL_MS);
  }

  private stopPolling(): void {
    this.cancelPoll?.();
    this.cancelPoll = null;
    this.pollGeneration++; // a poll already queued for an older timer does nothing
  }

  private pollOnce(generation: number): Promise<void> {
    return this.serial(async () => {
      const at = this.current();
      if (generation !== this.pollGeneration || at?.screen !== 'activation' || at.wait.expired) return;
      const outcome = await pollActivation(at, this.context());
      if (generation !== this.pollGeneration || this.at !== at) return;
      switch (outcome) {
        case 'confirmed': {
          const to = next(this.kindNow, 'activation');
          // trámite step 10 done: from here on only what GENERAR needs is kept
          if (to === 'declaration') this.enter({ screen: 'declaration', finishing: finishingOf(at, 'email') });
          this.deps.log('flow.activation', { kind: this.kindNow, outcome });
          return this.emitView();
        }
        case 'expired':
          at.wait.expired = true;
          this.stopPolling();
          this.deps.log('flow.activation', { kind: this.kindNow, outcome });
          return this.emitView();
        case 'grant_spent':
          this.end();
          return this.onChange(null);
        case 'pending':
        case 'unreachable':
          return this.startPolling();
      }
    });
  }

  private emitView(): void {
    const view = this.view();
    if (view.ok) this.onChange(view.value);
  }

  private checkExpired(): boolean {
    if (this.at && this.deps.now() - this.startedAt >= SESSION_MAX_MS) this.expire();
    return this.at === null;
  }

  private expire(): void {
    if (!this.at) return;
    this.deps.log('flow.expired', { kind: this.kindNow, screen: this.at.screen });
    this.end('timeout');
    this.onChange(null);
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function initialStep(kind: FlowKind): FlowStep {
  return firstState[kind] === 'employerIdentify' ? { screen: 'employerIdentify' } : { screen: 'identify', typed: null };
}
