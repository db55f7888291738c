import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLog, scrubValue } from './log';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-log-'));
  dirs.push(d);
  return d;
};

describe('kiosk log (pino, rotated by size)', () => {
  it('writes one JSON object per line with the event, its fields and a level', async () => {
    const dir = tempDir();
    const log = await createFileLog(dir, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    log('session.start', { kind: 'generate' });
    log('outbox.drain_failed', { error: 'timeout' });
    log('staff.unlocked', { role: 'technician' });
    await log.close();
    const files = readdirSync(join(dir, 'logs'));
    const lines = files.flatMap((f) =>
      readFileSync(join(dir, 'logs', f), 'utf8')
        .trim()
        .split('\n'),
    );
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'info', at: '2026-01-02T03:04:05.000Z', kind: 'generate', event: 'session.start' },
      { level: 'warn', at: '2026-01-02T03:04:05.000Z', error: 'timeout', event: 'outbox.drain_failed' },
      { level: 'info', at: '2026-01-02T03:04:05.000Z', role: 'technician', event: 'staff.unlocked' },
    ]);
    expect(log.recentProblems()).toEqual([
      { at: Date.UTC(2026, 0, 2, 3, 4, 5), event: 'outbox.drain_failed', fields: { error: 'timeout' } },
    ]);
  });

  it('starts a new file past the size limit and keeps only the newest files', async () => {
    const dir = tempDir();
    const log = await createFileLog(dir, { maxBytes: 2048, filesKept: 2 });
    // a file rolls once the line that crossed the limit is written out (pino-roll waits for the
    // stream to drain): five bursts of ~6 KB, each followed by a quiet moment
    let round = 0;
    for (let burst = 0; burst < 5; burst++) {
      for (let i = 0; i < 60; i++) log('catalogs.refresh', { ok: true, round: round++ });
      await log.flush();
      await new Promise((r) => setTimeout(r, 30));
    }
    await log.close();
    const files = readdirSync(join(dir, 'logs')).filter((f) => f.endsWith('.log'));
    // the file in use and the two kept; the oldest went
    expect(files).toHaveLength(3);
    expect(files).not.toContain('kiosk.1.log');
    const text = files.map((f) => readFileSync(join(dir, 'logs', f), 'utf8')).join('');
    expect(text).toContain('"round":299');
    expect(text).not.toContain('"round":0,');
  });

  it('never writes an email address or a long digit run, whatever a caller passed by mistake', () => {
    expect(scrubValue('sent to maria@example.com now')).toBe('sent to [email] now');
    expect(scrubValue('cedula 1710034065')).toBe('cedula [digits]');
    expect(scrubValue(1710034065)).toBe(1710034065);
    expect(scrubValue('step identify')).toBe('step identify');
  });
});
