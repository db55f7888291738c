import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { KioskFacts } from '../core/update/policy';
import { createUpdateDriver, type UpdaterPort } from './updater';

/** electron-updater's surface as the driver sees it, failing its install the way BaseUpdater does. */
class FailingInstallUpdater extends EventEmitter implements UpdaterPort {
  installs = 0;
  checks = 0;
  checkForUpdates() {
    this.checks++;
    return Promise.resolve({ isUpdateAvailable: true, updateInfo: { version: '1.2.0' } });
  }
  downloadUpdate() {
    return Promise.resolve([]);
  }
  quitAndInstall() {
    this.installs++;
    // BaseUpdater.install catches the failure, emits 'error' and returns without quitting
    this.emit('error', new Error('EACCES: cannot replace the AppImage'));
  }
}

describe('update driver', () => {
  it('reports a failed install once and does not loop on it, tick after tick', async () => {
    const updater = new FailingInstallUpdater();
    const start = 1_800_000_000_000;
    const facts: KioskFacts = {
      now: start,
      localMinute: 3 * 60,
      sessionActive: false,
      lastActivityAt: start - 3_600_000,
    };
    const driver = createUpdateDriver({
      updater,
      facts: () => facts,
      settings: () => ({ checkIntervalMs: 3_600_000, maintenanceWindow: { startMinute: 0, endMinute: 6 * 60 } }),
    });
    for (let i = 0; i < 50; i++) {
      await driver.tick();
      facts.now += 60_000;
    }
    expect(updater.installs).toBe(1);
    expect(driver.state().lastFailure).toMatchObject({ step: 'install', version: '1.2.0', error: /EACCES/ });
    // a technician may ask for one more try
    expect(driver.installNow().ok).toBe(true);
    await driver.tick();
    expect(updater.installs).toBe(2);
  });

  it('does nothing at all while paused, and refuses the technician’s requests', async () => {
    const updater = new FailingInstallUpdater();
    const facts: KioskFacts = { now: 0, localMinute: 0, sessionActive: false, lastActivityAt: -3_600_000 };
    const driver = createUpdateDriver({
      updater,
      facts: () => facts,
      settings: () => ({ checkIntervalMs: 1, maintenanceWindow: null }),
    });
    driver.pause();
    expect(driver.checkNow()).toMatchObject({ ok: false, reason: 'paused' });
    for (let i = 0; i < 5; i++) await driver.tick();
    expect([updater.checks, updater.installs]).toEqual([0, 0]);
  });
});
