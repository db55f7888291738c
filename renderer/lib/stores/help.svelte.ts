import { session, type ScreenName } from './session.svelte';

/** "Solicitar ayuda" (DESIGN §6): idle → sent (staff alerted) → acknowledged (staff answered). */
export const help = $state<{ status: 'idle' | 'sent' | 'acknowledged'; failed: boolean }>({ status: 'idle', failed: false });

let listening = false;

export async function requestHelp(screen: ScreenName): Promise<void> {
  if (!listening) {
    listening = true;
    session.onHelpAcknowledged(() => {
      help.status = 'acknowledged';
    });
  }
  const result = await session.requestHelp(screen);
  help.failed = !result.ok;
  help.status = 'sent';
}

export function dismissHelp(): void {
  help.status = 'idle';
  help.failed = false;
}
