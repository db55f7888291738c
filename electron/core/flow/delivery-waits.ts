import type { Kysely } from 'kysely';
import { CentralErrorCode } from '../../../central/contract';
import { outboxRowByKey, type OutboxRow } from '../../../db/kiosk/outbox';
import type { KioskDb } from '../../../db/kiosk/schema';
import type { CredentialsDelivery, Schedule } from './context';

/**
 * Waits for one outbox row to be settled by the drain loop. The loop says when it settled rows;
 * only then is the row read, once, so a wait costs no polling and moves with the injected clock.
 */
export interface DeliveryWaits {
  /** the drain loop settled these rows (delivered or dead): wake whoever waits for them */
  settled(rows: OutboxRow[]): void;
  /** the row's fate, or 'pending' when the drain has not settled it within `timeoutMs` */
  wait(idempotencyKey: string, timeoutMs: number, schedule: Schedule): Promise<CredentialsDelivery>;
}

export function createDeliveryWaits(db: Kysely<KioskDb>): DeliveryWaits {
  const waiting = new Map<string, Set<() => void>>();

  /** the row as stored: a dead row keeps the central's refusal code, read here and only here */
  const fateOf = async (key: string): Promise<CredentialsDelivery> => {
    const row = await outboxRowByKey(db, key);
    if (row?.status === 'delivered') return { state: 'delivered' };
    if (row?.status === 'dead') {
      const code = CentralErrorCode.safeParse(row.last_error);
      return { state: 'refused', error: code.success ? code.data : 'internal' };
    }
    return { state: 'pending' };
  };

  return {
    settled(rows) {
      for (const row of rows) for (const wake of waiting.get(row.idempotency_key) ?? []) wake();
    },
    wait(key, timeoutMs, schedule) {
      return new Promise<CredentialsDelivery>((resolve, reject) => {
        let done = false;
        const finish = (fate: CredentialsDelivery) => {
          if (done) return;
          done = true;
          cancel();
          const wakes = waiting.get(key);
          wakes?.delete(check);
          if (wakes?.size === 0) waiting.delete(key);
          resolve(fate);
        };
        const check = () => {
          fateOf(key).then((fate) => {
            if (fate.state !== 'pending') finish(fate);
          }, reject);
        };
        waiting.set(key, (waiting.get(key) ?? new Set()).add(check));
        const cancel = schedule(() => finish({ state: 'pending' }), timeoutMs);
        // the drain may have settled the row before this wait began
        check();
      });
    },
  };
}
