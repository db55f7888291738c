import type { KioskError, StaffOverview, StaffRole } from '../../../electron/contract';
import { resetKiosk, session } from './session.svelte';

/** How often the open staff panel asks for a fresh overview. */
export const OVERVIEW_REFRESH_MS = 3000;

type Unlocked = { role: StaffRole; name: string; until: number };

/**
 * Staff mode on this screen: the PIN dialog opened by the hidden gesture, the unlock
 * the core granted, and the overview the panel shows. Nothing personal passes through here:
 * the contract's staff calls carry only codes, counts and times.
 */
class StaffMode {
  dialogOpen = $state(false);
  unlocked = $state<Unlocked | null>(null);
  overview = $state<StaffOverview | null>(null);
  /** the last PIN refusal (pin_wrong with attemptsLeft, locked with retryAfterSeconds) */
  pinError = $state<KioskError | null>(null);
  /** the last failure of the panel's own calls (refresh, acknowledge) */
  panelError = $state<KioskError | null>(null);

  openDialog(): void {
    this.pinError = null;
    this.dialogOpen = true;
  }

  closeDialog(): void {
    this.dialogOpen = false;
    this.pinError = null;
  }

  async unlock(pin: string): Promise<boolean> {
    const result = await session.request('staff.unlock', { pin });
    if (!result.ok) {
      this.pinError = result.error;
      return false;
    }
    this.pinError = null;
    this.dialogOpen = false;
    this.unlocked = result.value;
    await this.refresh();
    return true;
  }

  async refresh(): Promise<void> {
    const result = await session.request('staff.overview', {}, true);
    if (result.ok) {
      this.overview = result.value;
      this.panelError = null;
    } else if (result.error.code === 'staff_required') {
      // the unlock ended at the core (expired, or another path locked it): nothing to show
      resetKiosk();
    } else {
      this.panelError = result.error;
    }
  }

  async acknowledge(id: string): Promise<void> {
    const result = await session.request('staff.acknowledgeHelp', { id });
    if (!result.ok) this.panelError = result.error;
    await this.refresh();
  }

  /** Back to the kiosk: lock at the core, then a clean welcome for the next person. */
  async lock(): Promise<void> {
    await session.request('staff.lock', {});
    resetKiosk();
  }

  /** Leaves staff mode when the core ends it by itself (the unlock expired). */
  watch(): () => void {
    return session.on('staff.locked', () => {
      if (this.unlocked) resetKiosk();
    });
  }
}

export const staff = new StaffMode();
