import { describe, expect, it } from 'vitest';
import { createUpdateDriver, type UpdaterPort } from './updater';
import { parseMaintenanceWindow, updateControlOf } from './update-control';

function fakeUpdater(version = '0.2.0') {
  const calls: string[] = [];
  const port: UpdaterPort = {
    checkForUpdates: async () => (calls.push('check'), { isUpdateAvailable: true, updateInfo: { version } }),
    downloadUpdate: async () => (calls.push('download'), []),
    quitAndInstall: () => void calls.push('install'),
    on: () => port,
    off: () => port,
  };
  return { port, calls };
}

describe('the update control the technician screen drives', () => {
  it('reads the maintenance window setting', () => {
    expect(parseMaintenanceWindow('02:00-05:30')).toEqual({ startMinute: 120, endMinute: 330 });
    expect(parseMaintenanceWindow('22:00-05:00')).toEqual({ startMinute: 1320, endMinute: 300 });
    expect(parseMaintenanceWindow(undefined)).toBeNull();
    expect(parseMaintenanceWindow('mañana')).toBeNull();
  });

  it('pause wins: check and install are refused until resumed; install waits for a kiosk nobody uses', async () => {
    const { port, calls } = fakeUpdater();
    let sessionActive = true;
    const driver = createUpdateDriver({
      updater: port,
      facts: () => ({ now: 10_000_000, localMinute: 600, sessionActive, lastActivityAt: 10_000_000 }),
      settings: () => ({ checkIntervalMs: 4 * 3600_000, maintenanceWindow: null }),
    });
    let ticks = 0;
    const control = updateControlOf(driver, () => void (ticks += 1));
    expect(control.command('pause')).toMatchObject({ ok: true, update: { paused: true, enabled: true } });
    expect(control.command('check')).toMatchObject({ ok: false, reason: 'paused' });
    expect(ticks).toBe(0);
    control.command('resume');
    expect(control.command('check')).toMatchObject({ ok: true });
    expect(ticks).toBe(1);
    await driver.tick(); // check
    await driver.tick(); // download
    expect(control.status()).toMatchObject({ phase: 'downloaded', version: '0.2.0' });
    expect(control.command('install')).toMatchObject({ ok: false, reason: 'session-running' });
    sessionActive = false;
    expect(control.command('install')).toMatchObject({ ok: true });
    await driver.tick();
    expect(calls).toEqual(['check', 'download', 'install']);
  });
});
