import type { UpdateStatus } from '../contract/technician';
import type { MaintenanceWindow, UpdateState } from '../core/update/policy';
import type { UpdateAnswer, UpdateCommand, UpdateControl } from '../core/technician/updates';
import type { UpdateDriver } from './updater';

/** "HH:MM-HH:MM" (the setting's shape, already checked by the schema) as minutes since midnight. */
export function parseMaintenanceWindow(text: string | undefined): MaintenanceWindow | null {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!match) return null;
  const [, h1, m1, h2, m2] = match.map(Number) as [number, number, number, number, number];
  return { startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2 };
}

/** The driver's state as the technician screen and the heartbeat read it (no feed URL, no key). */
export function statusOf(state: UpdateState): UpdateStatus {
  const phase = state.phase;
  return {
    enabled: true,
    paused: state.paused,
    phase: phase.kind,
    version: 'version' in phase ? phase.version : null,
    lastCheckAt: state.lastCheckAt,
    lastFailure: state.lastFailure
      ? { step: state.lastFailure.step, error: state.lastFailure.error.slice(0, 300), at: state.lastFailure.at }
      : null,
  };
}

/** The technician's commands on the update driver: pause and resume always work; check and install as the policy allows. */
export function updateControlOf(driver: UpdateDriver, tick: () => void): UpdateControl {
  return {
    status: () => statusOf(driver.state()),
    command(command: UpdateCommand): UpdateAnswer {
      if (command === 'pause' || command === 'resume') {
        if (command === 'pause') driver.pause();
        else driver.resume();
        return { ok: true, update: statusOf(driver.state()) };
      }
      const answer = command === 'check' ? driver.checkNow() : driver.installNow();
      // the request is acted on at the next tick: run one now instead of waiting for the timer
      if (answer.ok) tick();
      return answer.ok
        ? { ok: true, update: statusOf(answer.state) }
        : { ok: false, reason: answer.reason, update: statusOf(answer.state) };
    },
  };
}
