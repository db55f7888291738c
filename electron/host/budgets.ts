import { createSlidingLimiter } from '../core/flow/ratelimit';

/**
 * The calls one socket may make only so often, whatever the core's own limits. The core's
 * look-up limit is kiosk-wide (KIOSK_LOOKUPS_PER_MINUTE): without a share per socket, a second
 * socket (local software that reached the host) could spend it all and leave the real screen
 * with "espere un minuto" for every person. Help requests each write a session event to the
 * outbox and a row on the supervisor's list: a flood would bury real requests.
 */
export type BudgetKey = 'lookup' | 'help';

/** Calls allowed per minute and per socket, for each budgeted kind of call. */
export type SocketBudgets = Record<BudgetKey, number>;

export const BUDGET_WINDOW_MS = 60_000;

/** A person pressing "Solicitar ayuda" again while waiting is normal; more than this is not a person. */
export const HELP_REQUESTS_PER_MINUTE = 3;

/** Each socket gets half the kiosk's look-ups (at least one): one socket never spends them all. */
export function socketBudgets(kioskLookupsPerMinute: number): SocketBudgets {
  return {
    lookup: Math.max(1, Math.floor(kioskLookupsPerMinute / 2)),
    help: HELP_REQUESTS_PER_MINUTE,
  };
}

const LOOKUP_STEPS = new Set(['identify', 'employerIdentify']);

/**
 * Which budget a call spends, read from the frame before the core sees it. BUSCAR is
 * `session.advance` at the identify steps (afiliado and employer); the core counts only the
 * ones that pass its local checks, this counts every try, which is the stricter of the two.
 */
export function budgetKeyOf(call: string, input: unknown): BudgetKey | null {
  if (call === 'help.request') return 'help';
  if (call === 'session.advance' && typeof input === 'object' && input !== null && 'step' in input) {
    const step = (input as { step: unknown }).step;
    if (typeof step === 'string' && LOOKUP_STEPS.has(step)) return 'lookup';
  }
  return null;
}

export type BudgetCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/** One socket's budgets: a sliding window per kind of call. */
export function createSocketBudget(
  budgets: SocketBudgets,
  now: () => number = Date.now,
): (call: string, input: unknown) => BudgetCheck {
  const limiters = {
    lookup: createSlidingLimiter(budgets.lookup, BUDGET_WINDOW_MS, now),
    help: createSlidingLimiter(budgets.help, BUDGET_WINDOW_MS, now),
  } satisfies Record<BudgetKey, () => BudgetCheck>;
  return (call, input) => {
    const key = budgetKeyOf(call, input);
    return key ? limiters[key]() : { ok: true };
  };
}
