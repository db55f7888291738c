import type { SessionEventName } from '../../../central/contract';
import type { FlowKind, FlowView, StepInput } from '../../contract/flow';
import { fail, ok, type Result } from '../../contract/result';
import { ACTIVATION_POLL_MS, confirmEmailStep, pollActivation, resendActivation } from './activation';
import { emailStep } from './contact';
import {
  forgetPerson,
  newSessionData,
  type Cancel,
  type FlowDeps,
  type SessionData,
  type StepOutcome,
} from './context';
import { declarationStep, passwordStep, personalOf } from './credentials';
import { employerCodeStep, employerIdentifyStep, resendEmployerCode } from './employer';
import { challengeStep, identifyStep } from './identify';
import { acceptsStep, firstState, next, type FlowState, type StepName } from './machine';
import { confirmIdentityStep, securityImageStep, securityQuestionsStep } from './profile';
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
  s: SessionData,
  input: Extract<StepInput, { step: K }>,
  deps: FlowDeps,
) => StepOutcome | Promise<StepOutcome>;

/** One handler per step input; which of them may run now is the machine's table, not this one. */
const stepHandlers: { [K in StepName]: StepHandler<K> } = {
  identify: identifyStep,
  employerIdentify: employerIdentifyStep,
  challenge: challengeStep,
  confirmIdentity: (s, _input, deps) => confirmIdentityStep(s, deps),
  securityQuestions: (s, input) => securityQuestionsStep(s, input),
  securityImage: securityImageStep,
  email: (s, input) => emailStep(s, input),
  confirmEmail: (s, _input, deps) => confirmEmailStep(s, deps),
  declaration: () => declarationStep(),
  password: passwordStep,
  employerCode: employerCodeStep,
};

/** Screens with a RESEND button, and what it does. */
const resenders: Partial<Record<FlowState, (s: SessionData, deps: FlowDeps) => Promise<Result<true>>>> = {
  activation: resendActivation,
  employerCode: resendEmployerCode,
};

/**
 * One person at one terminal. Everything personal lives in `data`, in memory only, and is
 * dropped on end (cancel, idle, finish, expiry). Calls run one at a time, so a poll of the
 * activation and a tap on the screen never interleave.
 */
export class FlowSession {
  private data: SessionData;
  private ended = false;
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
    this.data = newSessionData(kind, firstState[kind], deps.now());
    this.cancelExpiry = deps.schedule(() => this.expire(), SESSION_MAX_MS);
    this.record('started');
  }

  /** The session's random id: the outbox aggregate of its events, never the person's id. */
  get id(): string {
    return this.data.sessionId;
  }

  /** A milestone for the central's figures (the flow and screen, nothing personal). */
  record(event: SessionEventName): void {
    this.deps.sessionEvents(this.data.sessionId, event, this.data.kind, this.data.state);
  }

  get kind(): FlowKind {
    return this.data.kind;
  }

  get state(): FlowState {
    return this.data.state;
  }

  get isEnded(): boolean {
    return this.ended || this.checkExpired();
  }

  view(): Result<FlowView> {
    if (this.isEnded) return fail('no_session');
    const view = viewOf(this.data);
    return view ? ok(view) : fail('internal');
  }

  /** What the new clave may not contain, for the live check while typing. */
  personal(): string[] {
    return this.isEnded ? [] : personalOf(this.data);
  }

  advance(input: StepInput): Promise<Result<FlowView>> {
    return this.serial(() => this.step(input));
  }

  /** From the identify screen: Generar ↔ Recuperar keeping the typed id, and BUSCAR again. */
  switchKind(kind: FlowKind): Promise<Result<FlowView>> {
    return this.serial(async () => {
      if (this.isEnded) return fail('no_session');
      if (this.data.kind === 'employer' || kind === 'employer' || this.data.state !== 'identify')
        return fail('wrong_step');
      if (kind === this.data.kind) return this.view();
      const typed = this.data.lastIdentify;
      const startedAt = this.data.startedAt;
      forgetPerson(this.data);
      this.data = { ...newSessionData(kind, 'identify', this.deps.now(), this.data.sessionId), startedAt };
      this.deps.log('flow.switch_kind', { kind });
      return typed ? this.step(typed) : this.view();
    });
  }

  /** RESEND on the activation wait or the employer code screen. */
  resend(): Promise<Result<FlowView>> {
    return this.serial(async () => {
      if (this.isEnded) return fail('no_session');
      const resender = resenders[this.data.state];
      if (!resender) return fail('wrong_step');
      const sent = await resender(this.data, this.deps);
      this.deps.log('flow.resend', {
        kind: this.data.kind,
        screen: this.data.state,
        outcome: sent.ok ? 'ok' : sent.error.code,
      });
      if (this.ended) return fail('no_session');
      if (!sent.ok) return this.refused(sent);
      if (this.data.state === 'activation') this.startPolling();
      return this.view();
    });
  }

  /**
   * Ends the session and forgets the person. Safe to call twice. `why` is recorded unless the
   * flow already reached its last screen (done and locked were recorded on entry).
   */
  end(why?: 'cancelled' | 'timeout'): void {
    if (this.ended) return;
    if (why && this.data.state !== 'done' && this.data.state !== 'locked') this.record(why);
    this.ended = true;
    this.stopPolling();
    this.cancelExpiry();
    forgetPerson(this.data);
  }

  /** One activation poll now (the timer calls this; tests may too). */
  pollNow(): Promise<void> {
    return this.pollOnce(this.pollGeneration);
  }

  private async step(input: StepInput): Promise<Result<FlowView>> {
    if (this.isEnded) return fail('no_session');
    const from = this.data.state;
    // trámite step 10 happens on the phone: the waiting screen moves only by itself
    if (from === 'activation') return fail(this.data.activation?.expired ? 'activation_expired' : 'activation_pending');
    if (!acceptsStep(this.data.kind, from, input.step)) return fail('wrong_step');
    const handler = stepHandlers[input.step] as StepHandler<StepName>;
    // with the end line below, a step that never returns shows in the log as a start without an end
    this.deps.log('flow.step.start', { kind: this.data.kind, step: input.step });
    const outcome = await handler(this.data, input as never, this.deps);
    if (this.ended) return fail('no_session');
    this.deps.log('flow.step', {
      kind: this.data.kind,
      step: input.step,
      outcome: outcome.ok ? 'ok' : outcome.error.code,
    });
    if (!outcome.ok) return this.refused(outcome);
    if ('stay' in outcome.value) return this.view();
    const to = next(this.data.kind, from, outcome.value.move);
    if (to === null) return fail('wrong_step');
    this.enter(to);
    return this.view();
  }

  /** A spent verification cannot be resumed: the session ends and the renderer starts over. */
  private refused(refusal: Result<never>): Result<never> {
    if (!refusal.ok && refusal.error.code === 'no_session') this.end();
    return refusal;
  }

  private enter(to: FlowState): void {
    const from = this.data.state;
    this.data.state = to;
    const milestone = milestoneOf(from, to);
    if (milestone) this.record(milestone);
    if (to === 'activation') this.startPolling();
    else this.stopPolling();
    // nothing is left to do for the person: keep only what the last screen shows
    if (to === 'done' || to === 'locked') forgetPerson(this.data);
    this.deps.log('flow.enter', { kind: this.data.kind, screen: to });
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
      if (generation !== this.pollGeneration || this.isEnded || this.data.state !== 'activation') return;
      if (this.data.activation?.expired !== false) return;
      const outcome = await pollActivation(this.data, this.deps);
      if (generation !== this.pollGeneration || this.ended || this.data.state !== 'activation' || !this.data.activation)
        return;
      switch (outcome) {
        case 'confirmed': {
          const to = next(this.data.kind, 'activation');
          if (to) this.enter(to);
          this.deps.log('flow.activation', { kind: this.data.kind, outcome });
          return this.emitView();
        }
        case 'expired':
          this.data.activation.expired = true;
          this.stopPolling();
          this.deps.log('flow.activation', { kind: this.data.kind, outcome });
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
    if (!this.ended && this.deps.now() - this.data.startedAt >= SESSION_MAX_MS) this.expire();
    return this.ended;
  }

  private expire(): void {
    if (this.ended) return;
    this.deps.log('flow.expired', { kind: this.data.kind, screen: this.data.state });
    this.end('timeout');
    this.onChange(null);
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
