import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../contract/result';
import { setupOnlyCore, technicianLine, withSetupNotice, type SetupNotice } from './setup';
import type { KioskCore } from './terminal';

const info = {
  kioskId: 'KIOSCO-01',
  officeName: 'IESS Quito Centro',
  version: '0.1.0',
  locale: 'es-EC' as const,
  idleWarnSeconds: 45,
  idleResetSeconds: 60,
  role: 'kiosk' as const,
};

/** A core that answers everything and counts what reached it. */
function countingCore(): KioskCore & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    openTerminal: () => ({
      async handle(name): Promise<Result<unknown>> {
        calls.push(name);
        return name === 'app.info' ? ok({ ...info, centralReachable: false }) : ok({});
      },
      onEvent: () => () => undefined,
      close: async () => undefined,
    }),
    close: async () => undefined,
  };
}

const refused: SetupNotice = { problem: 'enroll_refused', variables: ['KIOSK_ENROLL_CODE', 'KIOSK_ID'] };

describe('technician notice', () => {
  it('is one line naming the problem and the variables to set', () => {
    const line = technicianLine({ problem: 'enroll_code_missing', variables: ['KIOSK_ENROLL_CODE'] });
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^KIOSK NOT READY \(enroll_code_missing\) \[KIOSK_ENROLL_CODE\]: .*KIOSK_ENROLL_CODE/);
  });

  it('while present: app.info carries it and no trámite starts; staff and the rest still reach the core', async () => {
    const inner = countingCore();
    let notice: SetupNotice | null = refused;
    const terminal = withSetupNotice(inner, () => notice).openTerminal();
    expect(await terminal.handle('app.info', {})).toMatchObject({ ok: true, value: { setup: refused } });
    for (const call of ['session.start', 'session.advance', 'session.switchKind', 'session.resend'])
      expect(await terminal.handle(call, {})).toEqual({ ok: false, error: { code: 'setup_required' } });
    expect((await terminal.handle('staff.unlock', { pin: '482915' })).ok).toBe(true);
    expect(inner.calls).toEqual(['app.info', 'staff.unlock']);
    // an enrollment that succeeds later clears it
    notice = null;
    const info = await terminal.handle('app.info', {});
    expect(info.ok && 'setup' in (info.value as object)).toBe(false);
    expect((await terminal.handle('session.start', { kind: 'generate' })).ok).toBe(true);
  });

  it('a kiosk that must not start serves the notice and no flow', async () => {
    const notice: SetupNotice = { problem: 'central_required', variables: ['CENTRAL_URL'] };
    const terminal = setupOnlyCore(info, notice).openTerminal();
    expect(await terminal.handle('app.info', {})).toEqual({
      ok: true,
      value: { ...info, centralReachable: false, setup: notice },
    });
    expect(await terminal.handle('session.start', { kind: 'generate' })).toEqual({
      ok: false,
      error: { code: 'setup_required' },
    });
    expect(await terminal.handle('staff.unlock', { pin: '482915' })).toEqual({
      ok: false,
      error: { code: 'setup_required' },
    });
    expect(await terminal.handle('session.view', {})).toEqual({ ok: true, value: null });
    // still the contract in front of it
    expect(await terminal.handle('session.start', { kind: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
