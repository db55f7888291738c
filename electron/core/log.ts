import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';

export type LogFields = Record<string, string | number | boolean>;
export type Log = (event: string, fields?: LogFields) => void;

/** A line the technician screen shows under "recent errors": the event code and its fields. */
export type LogProblem = { at: number; event: string; fields: LogFields };

export interface KioskLog {
  (event: string, fields?: LogFields): void;
  /** the folder of the rotated files (KIOSK_DATA_DIR/logs) */
  readonly dir: string;
  /** the newest warnings and errors, newest first (kept in memory, at most RECENT_PROBLEMS) */
  recentProblems(): LogProblem[];
  /** writes what is buffered to the file now */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** One file grows to this size before the next is started; this many older files are kept. */
export const LOG_FILE_BYTES = 5 * 1024 * 1024;
export const LOG_FILES_KEPT = 5;
export const RECENT_PROBLEMS = 50;
export const LOG_FILE_BASE = 'kiosk';

/**
 * Event codes that mean something went wrong. Callers log codes, not messages, so the level is
 * read from the code: `outbox.drain_failed`, `core.internal_error`, `electron.ipc_refused`…
 */
const PROBLEM = /(fail|error|refused|unreachable|gone|dead|denied|rejected|not_enrolled|pin_locked)/;

/**
 * Defence in depth: callers pass codes, step names and counts only, but a value that looks like
 * an email address or a long digit run (cédula, RUC, phone, code, PIN) is never written, whatever
 * a caller passed by mistake.
 */
export function scrubValue(value: string | number | boolean): string | number | boolean {
  if (typeof value !== 'string') return value;
  return value.replace(/[^\s@"'<>]+@[^\s@"'<>]+/g, '[email]').replace(/\d{4,}/g, '[digits]');
}

function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = scrubValue(value);
  return out;
}

/**
 * JSON lines in KIOSK_DATA_DIR/logs through pino, rotated by size with pino-roll (kiosk.1.log,
 * kiosk.2.log…; the oldest beyond LOG_FILES_KEPT go). Callers pass codes, step names and counts
 * only: a person's identifier, email, answers, password or token never reach a log line (a test
 * greps the files after full flows).
 */
export async function createFileLog(
  dataDir: string,
  options: { maxBytes?: number; filesKept?: number; echo?: (line: string) => void; now?: () => number } = {},
): Promise<KioskLog> {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const stream = await pinoRoll({
    file: join(dir, LOG_FILE_BASE),
    extension: '.log',
    size: `${Math.max(1, Math.floor((options.maxBytes ?? LOG_FILE_BYTES) / 1024))}k`,
    limit: { count: options.filesKept ?? LOG_FILES_KEPT },
  });
  const now = options.now ?? Date.now;
  const logger = pino(
    {
      base: null,
      messageKey: 'event',
      timestamp: () => `,"at":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const problems: LogProblem[] = [];
  let closed = false;
  // a late callback (a timer, a settling request) may log after close: dropped, never a crash
  const log = ((event: string, fields: LogFields = {}) => {
    if (closed) return;
    const clean = scrub(fields);
    const problem = PROBLEM.test(event);
    if (problem) {
      problems.unshift({ at: now(), event, fields: clean });
      problems.length = Math.min(problems.length, RECENT_PROBLEMS);
    }
    if (problem) logger.warn(clean, event);
    else logger.info(clean, event);
    options.echo?.(JSON.stringify({ event, ...clean }));
  }) as KioskLog;
  const flush = () =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      stream.flush(() => resolve());
    });
  Object.defineProperties(log, {
    dir: { value: dir },
    recentProblems: { value: () => problems.slice() },
    flush: { value: flush },
    close: {
      value: async () => {
        if (closed) return;
        await flush();
        closed = true;
        await new Promise<void>((resolve) => {
          stream.once('close', () => resolve());
          stream.end();
        });
      },
    },
  });
  return log;
}
