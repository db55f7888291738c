import type {
  KioskError,
  SettingName,
  SettingProblem,
  TechnicianOverview,
  TechnicianSettings,
  UpdateStatus,
} from '../../../electron/contract';
import { resetKiosk, session } from './session.svelte';

/** How often the open technician screen asks for fresh figures. */
export const TECHNICIAN_REFRESH_MS = 5000;

type Notice =
  | { kind: 'saved'; restartNeeded: boolean }
  | { kind: 'nothingChanged' }
  | { kind: 'testSent'; via: 'smtp' | 'capture'; maskedTo: string }
  | { kind: 'deadLetter'; action: 'retry' | 'discard' }
  | { kind: 'update'; ok: boolean; reason?: string }
  | { kind: 'diagnostics'; fileName: string };

/**
 * The technician's screen: the figures the core reports, the settings form's refusals (each
 * naming its field) and the last thing done. Codes, sizes and times only cross here.
 */
class TechnicianScreen {
  overview = $state<TechnicianOverview | null>(null);
  /** the last failure of a call (central out of reach, mail refused…) */
  error = $state<KioskError | null>(null);
  problems = $state<SettingProblem[]>([]);
  notice = $state<Notice | null>(null);

  problemOf(field: SettingName): SettingProblem | undefined {
    return this.problems.find((p) => p.field === field);
  }

  async refresh(): Promise<void> {
    const result = await session.request('technician.overview', {}, true);
    if (result.ok) this.overview = result.value;
    else if (result.error.code === 'staff_required') resetKiosk();
    else this.error = result.error;
  }

  async configure(settings: TechnicianSettings): Promise<boolean> {
    this.error = null;
    this.notice = null;
    const result = await session.request('technician.configure', { settings });
    if (!result.ok) {
      this.error = result.error;
      return false;
    }
    if (!result.value.applied) {
      this.problems = result.value.problems;
      return false;
    }
    this.problems = [];
    this.notice =
      result.value.changed.length === 0
        ? { kind: 'nothingChanged' }
        : { kind: 'saved', restartNeeded: result.value.restartNeeded };
    // the office and idle times apply at once: this screen reads them again too
    const info = await session.request('app.info', {}, true);
    if (info.ok) session.info = info.value;
    await this.refresh();
    return true;
  }

  async deadLetter(id: string, action: 'retry' | 'discard'): Promise<void> {
    this.notice = null;
    const result = await session.request('technician.deadLetter', { id, action });
    if (!result.ok) this.error = result.error;
    else if (result.value.done) this.notice = { kind: 'deadLetter', action };
    await this.refresh();
  }

  async testEmail(to: string): Promise<boolean> {
    this.error = null;
    this.notice = null;
    const result = await session.request('technician.testEmail', { to });
    await this.refresh();
    if (!result.ok) {
      this.error = result.error;
      return false;
    }
    this.notice = { kind: 'testSent', ...result.value };
    return true;
  }

  async update(command: 'check' | 'install' | 'pause' | 'resume'): Promise<UpdateStatus | null> {
    this.error = null;
    const result = await session.request('technician.update', { command });
    if (!result.ok) {
      this.error = result.error;
      return null;
    }
    this.notice = result.value.ok
      ? { kind: 'update', ok: true }
      : { kind: 'update', ok: false, reason: result.value.reason };
    await this.refresh();
    return result.value.update;
  }

  /** The bundle is made by the core; the browser saves it as a file (the web host's download). */
  async downloadDiagnostics(): Promise<void> {
    this.error = null;
    const result = await session.request('technician.diagnostics', {});
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const url = URL.createObjectURL(new Blob([result.value.content], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = result.value.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.notice = { kind: 'diagnostics', fileName: result.value.fileName };
  }
}

export const technician = new TechnicianScreen();
