import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogFields = Record<string, string | number | boolean>;
export type Log = (event: string, fields?: LogFields) => void;

/**
 * JSON-lines log in KIOSK_DATA_DIR/logs. Callers pass codes, step names and counts only: a
 * person's identifier, email, answers, password or token never reach a log line (a test greps
 * the logs after every flow).
 */
export function createFileLog(dataDir: string, echo: (line: string) => void = () => {}): Log {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kiosk.log');
  return (event, fields = {}) => {
    const line = JSON.stringify({ at: new Date().toISOString(), event, ...fields });
    appendFileSync(file, `${line}\n`);
    echo(line);
  };
}
