import type { FlowKind, Screen, StepInput } from '../../contract/flow';

/**
 * The three flows as tables (DESIGN §2). A state is the screen the person is on; an edge says
 * where a finished step leads, optionally only when a fact holds. The first edge whose fact
 * holds wins, so the conditional edges come first. Anything not in the table is a wrong step.
 */
export type FlowState = Screen;
export type StepName = StepInput['step'];

/** What a finished step learned that decides the next screen. */
export type Facts = {
  /** the central counted too many wrong attempts */
  locked?: boolean;
  /** recover: the person set a security image and must pick it among nine */
  hasOwnImage?: boolean;
};
export type Fact = keyof Facts;

type Edge = { readonly to: FlowState; readonly when?: Fact };
type FlowTable = Partial<Record<FlowState, readonly Edge[]>>;

const locked: Edge = { to: 'locked', when: 'locked' };

export const flowTable: Record<FlowKind, FlowTable> = {
  generate: {
    identify: [locked, { to: 'challenge' }], // trámite steps 2–3: cédula, "No soy un robot", BUSCAR
    challenge: [locked, { to: 'confirmIdentity' }], // step 4: DÍA, MES and record questions
    confirmIdentity: [{ to: 'securityQuestions' }], // step 5: ACEPTAR
    securityQuestions: [{ to: 'securityImage' }], // step 6: at least 3 of the bank of 10
    securityImage: [{ to: 'email' }], // step 6b: choose one
    email: [{ to: 'confirmEmail' }], // step 7
    confirmEmail: [{ to: 'activation' }], // step 8: ACEPTAR sends "ACTIVACIÓN CLAVE"
    activation: [{ to: 'declaration' }], // steps 9–10: the link is tapped on the phone, or the SMS code typed
    declaration: [{ to: 'password' }], // step 11
    password: [{ to: 'done' }], // step 12: GENERAR, then FINALIZAR
  },
  recover: {
    identify: [locked, { to: 'challenge' }],
    challenge: [locked, { to: 'confirmIdentity' }],
    // no step 6 when recovering; 6b only when the person has an image to pick
    confirmIdentity: [{ to: 'securityImage', when: 'hasOwnImage' }, { to: 'email' }],
    securityImage: [locked, { to: 'email' }], // a wrong pick counts as an attempt
    email: [{ to: 'confirmEmail' }],
    confirmEmail: [{ to: 'activation' }],
    activation: [{ to: 'declaration' }],
    declaration: [{ to: 'password' }],
    password: [{ to: 'done' }],
  },
  employer: {
    employerIdentify: [{ to: 'employerCode' }], // RUC + branch + legal representative
    employerCode: [locked, { to: 'declaration' }], // 6-digit code, 5 tries
    declaration: [{ to: 'password' }],
    password: [{ to: 'done' }],
  },
};

/** The screen a flow opens on (after step 1, the choice on the welcome screen). */
export const firstState: Record<FlowKind, FlowState> = {
  generate: 'identify',
  recover: 'identify',
  employer: 'employerIdentify',
};

/**
 * "Volver": where each screen goes back to, when going back is safe. Never past a proof the
 * central counted (the challenge answers, the employer code) or the activation once the mail
 * went out: going back must not give anyone a second set of attempts, a skipped step or a grant
 * that outlives the person it was issued for. The identity confirm has "No soy yo" instead.
 */
const backTable: Record<FlowKind, FlowTable> = {
  generate: {
    challenge: [{ to: 'identify' }], // nothing verified yet: the look-up is dropped
    securityQuestions: [{ to: 'confirmIdentity' }],
    securityImage: [{ to: 'securityQuestions' }],
    email: [{ to: 'securityImage' }],
    confirmEmail: [{ to: 'email' }], // "Corregir" the address before the mail goes out
    password: [{ to: 'declaration' }],
  },
  recover: {
    challenge: [{ to: 'identify' }],
    securityImage: [{ to: 'confirmIdentity' }],
    email: [{ to: 'securityImage', when: 'hasOwnImage' }, { to: 'confirmIdentity' }],
    confirmEmail: [{ to: 'email' }],
    password: [{ to: 'declaration' }],
  },
  employer: {
    password: [{ to: 'declaration' }],
  },
};

/** Where "Volver" leads from `from`, or null when the screen has no way back. */
export function back(kind: FlowKind, from: FlowState, facts: Facts = {}): FlowState | null {
  const edge = backTable[kind][from]?.find((e) => e.when === undefined || facts[e.when] === true);
  return edge?.to ?? null;
}

export function canGoBack(kind: FlowKind, from: FlowState): boolean {
  return backTable[kind][from] !== undefined;
}

/** "No soy yo": only where a looked-up identity is shown to the person. */
export function canDisown(kind: FlowKind, from: FlowState): boolean {
  return kind !== 'employer' && from === 'confirmIdentity';
}

/** The next state after `from` given what the step learned, or null when the flow has no such step. */
export function next(kind: FlowKind, from: FlowState, facts: Facts = {}): FlowState | null {
  const edges = flowTable[kind][from];
  if (!edges) return null;
  const edge = edges.find((e) => e.when === undefined || facts[e.when] === true);
  return edge?.to ?? null;
}

/** Every state reachable in one step from `from`, whatever the facts. */
export function successors(kind: FlowKind, from: FlowState): FlowState[] {
  return (flowTable[kind][from] ?? []).map((e) => e.to);
}

/** True when `to` is one legal step away from `from`. */
export function canMove(kind: FlowKind, from: FlowState, to: FlowState): boolean {
  return successors(kind, from).includes(to);
}

/**
 * Whether the renderer may send `step` while the flow is at `state`. Each step input finishes
 * the screen of the same name; done and locked take no input, and the activation wait takes only
 * the SMS code beside the link (asking for it, typing it).
 */
export function acceptsStep(kind: FlowKind, state: FlowState, step: StepName): boolean {
  return step === state && flowTable[kind][state] !== undefined;
}

/** The states each flow can be in, for tests and the supervisor view. */
export function statesOf(kind: FlowKind): FlowState[] {
  const states = new Set<FlowState>([firstState[kind]]);
  for (const [from, edges] of Object.entries(flowTable[kind]) as [FlowState, readonly Edge[]][]) {
    states.add(from);
    for (const e of edges) states.add(e.to);
  }
  return [...states];
}
