import type { AppInfo, CallName, SetupNotice } from '../contract/calls';
import { fail, ok } from '../contract/result';
import { createTerminal, type CallHandlers, type KioskCore, type KioskTerminal } from './terminal';

export type { SetupNotice } from '../contract/calls';

/** What the technician must do, in one line, by problem (stderr and the kiosk log). */
const advice: Record<SetupNotice['problem'], string> = {
  central_required:
    'a packaged kiosk never starts the demo central: set CENTRAL_URL to the https:// address of the IESS central',
  central_not_https: 'a packaged kiosk reaches its central over TLS only: set CENTRAL_URL to an https:// address',
  config_invalid: 'an environment variable failed its rule: fix the variables named here and restart',
  keystore_unavailable:
    'no OS keystore to seal the kiosk key (Linux: run a secret service such as gnome-keyring for the kiosk user) and restart',
  enroll_code_missing:
    'CENTRAL_URL is set but this kiosk was never enrolled: set KIOSK_ENROLL_CODE to a one-time code from the central and restart',
  enroll_refused:
    'the central refused the enrollment: get a new one-time code for KIOSK_ENROLL_CODE, and check KIOSK_ID is not held by another kiosk (or revoked)',
};

/** The one line printed on stderr for the technician: what failed, which variables to set. */
export function technicianLine(notice: SetupNotice): string {
  const names = notice.variables.length > 0 ? ` [${notice.variables.join(', ')}]` : '';
  return `KIOSK NOT READY (${notice.problem})${names}: ${advice[notice.problem]}.`;
}

/** The calls that serve a person; none of them runs while a technician is needed. */
const PERSON_CALLS: ReadonlySet<CallName> = new Set([
  'session.start',
  'session.advance',
  'session.switchKind',
  'session.resend',
]);

/**
 * A booted core whose kiosk still needs a technician (enrollment missing or refused): every
 * person would meet "central unavailable" at the first BUSCAR, so the screen learns why from
 * app.info and no trámite starts. Staff mode, help and the rest still work (staff unlock from the
 * cached PINs). `notice` is read per call: an enrollment that succeeds later clears it.
 */
export function withSetupNotice(core: KioskCore, notice: () => SetupNotice | null): KioskCore {
  return {
    openTerminal(): KioskTerminal {
      const inner = core.openTerminal();
      return {
        async handle(name, input) {
          const current = notice();
          if (!current) return inner.handle(name, input);
          if (typeof name === 'string' && PERSON_CALLS.has(name as CallName)) return fail('setup_required');
          const result = await inner.handle(name, input);
          if (name === 'app.info' && result.ok) return ok({ ...(result.value as AppInfo), setup: current });
          return result;
        },
        onEvent: (listener) => inner.onEvent(listener),
        close: () => inner.close(),
      };
    },
    close: () => core.close(),
  };
}

/**
 * The core of a kiosk that must not start at all (a packaged build without a safe
 * configuration): no database, no central, no flow. It answers app.info with the notice, so the
 * screen shows the technician what to fix, and refuses everything else.
 */
export function setupOnlyCore(info: Omit<AppInfo, 'setup' | 'centralReachable'>, notice: SetupNotice): KioskCore {
  const refuse = async () => fail('setup_required');
  const handlers: CallHandlers = {
    'app.info': async () => ok({ ...info, centralReachable: false, setup: notice }),
    'session.start': refuse,
    'session.view': async () => ok(null),
    'session.advance': refuse,
    'session.switchKind': refuse,
    'session.resend': refuse,
    'session.back': refuse,
    'session.notMe': refuse,
    'session.touch': refuse,
    'session.cancel': async () => ok({ ended: false }),
    'password.check': refuse,
    'speech.say': refuse,
    'help.request': refuse,
    'sync.status': refuse,
    'staff.unlock': refuse,
    'staff.lock': async () => ok({ locked: true as const }),
    'staff.overview': refuse,
    'staff.acknowledgeHelp': refuse,
  };
  return {
    openTerminal: () => createTerminal(() => ({ handlers, close: async () => undefined })),
    close: async () => undefined,
  };
}
