import { describe, expect, it } from 'vitest';
import { Heartbeat } from '../../../domain/fleet';
import { fleetUpdateOf } from './update-state';

const status = {
  enabled: true,
  paused: false,
  phase: 'downloading' as const,
  version: '1.4.2',
  lastCheckAt: 1_700_000_000_000,
  lastFailure: null,
};

describe('the updater in the heartbeat', () => {
  it('carries the phase and the target version of an updating kiosk', () => {
    expect(fleetUpdateOf(status)).toEqual({ phase: 'downloading', version: '1.4.2', failed: false });
  });

  it('says a failed step happened, without its error text', () => {
    const failed = fleetUpdateOf({
      ...status,
      phase: 'none',
      lastFailure: { step: 'install', error: 'EACCES /opt/iess/app.AppImage', at: 1 },
    });
    expect(failed).toEqual({ phase: 'none', version: '1.4.2', failed: true });
    expect(JSON.stringify(failed)).not.toContain('EACCES');
  });

  it('is null on a kiosk that does not update itself', () => {
    expect(fleetUpdateOf({ ...status, enabled: false })).toBeNull();
  });

  it('drops a version the heartbeat schema would refuse, keeping the heartbeat valid', () => {
    const odd = fleetUpdateOf({ ...status, version: '1.4.2 <script>' });
    expect(odd).toEqual({ phase: 'downloading', version: null, failed: false });
    const heartbeat = {
      office: 'IESS Quito Centro',
      version: '0.1.0',
      state: 'idle',
      step: null,
      since: 1,
      outbox: { depth: 0, deadLetters: 0 },
      help: null,
      lastError: null,
      update: odd,
    };
    expect(Heartbeat.safeParse(heartbeat).success).toBe(true);
  });
});
