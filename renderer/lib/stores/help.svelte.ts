import { session, type ScreenName } from './session.svelte';

/**
 * "Solicitar ayuda" (DESIGN §6): idle → sent (staff alerted) → acknowledged (staff answered).
 * `waiting` stays true from a delivered request until staff answer it, even after the person
 * closes the note: the person is waiting for us, so the idle clock does not run meanwhile.
 */
export const help = $state<{ status: 'idle' | 'sent' | 'acknowledged'; failed: boolean; waiting: boolean }>({
  status: 'idle',
  failed: false,
  waiting: false,
});

let listening = false;

export async function requestHelp(screen: ScreenName): Promise<void> {
  if (!listening) {
    listening = true;
    session.onHelpAcknowledged(() => {
      help.status = 'acknowledged';
      help.waiting = false;
    });
  }
  const result = await session.requestHelp(screen);
  help.failed = !result.ok;
  help.waiting = help.waiting || result.ok;
  help.status = 'sent';
}

export function dismissHelp(): void {
  help.status = 'idle';
  help.failed = false;
}
