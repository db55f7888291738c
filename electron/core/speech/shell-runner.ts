import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { RunProgram } from './audio-route';

/** A program's answer bigger than this is refused (null) and the shell replaced. */
const MAX_OUTPUT = 512 * 1024;
/** Each program gets this long (coreutils `timeout`); a hung sound server must not stall the looks. */
const TIMEOUT_SECONDS = 2;

export type ShellRunner = RunProgram & { close(): void };

type Shell = ChildProcessByStdio<Writable, Readable, null>;

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Runs fixed programs through one long-lived `sh`, started at the first call. Spawning from the
 * kiosk's own process forks a process of a few hundred MB: every fork blocks the event loop and
 * makes every page the argon2 threads write fault until the child execs. Looking at the audio
 * route that way every 1.5 s slowed every step a person took (argon2 steps 3-6x under load), so
 * the forks happen in the small shell instead. Arguments are the caller's fixed strings, quoted;
 * nothing a person typed reaches them. Null when the program is missing, fails or times out, as
 * with execFile.
 */
export function createShellRunner(shell = '/bin/sh'): ShellRunner {
  let child: Shell | null = null;
  let unavailable = false;
  let closed = false;
  let buffer = '';
  let waiting: { marker: string; resolve: (out: string | null) => void } | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const settle = (out: string | null) => {
    const w = waiting;
    waiting = null;
    buffer = '';
    w?.resolve(out);
  };
  const drop = () => {
    child?.kill('SIGKILL');
    child = null;
    settle(null);
  };
  const start = (): Shell | null => {
    if (child || unavailable || closed) return child;
    const started = spawn(shell, [], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' } });
    started.once('error', () => {
      // no shell on this machine: every look answers null (the speaker), and none is retried
      unavailable = true;
      if (child === started) drop();
    });
    started.once('exit', () => {
      if (child === started) drop();
    });
    started.stdin.on('error', () => undefined);
    started.stdout.setEncoding('utf8');
    started.stdout.on('data', (chunk: string) => {
      if (!waiting) return;
      buffer += chunk;
      const at = buffer.indexOf(`\n${waiting.marker} `);
      if (at < 0) {
        if (buffer.length > MAX_OUTPUT) drop();
        return;
      }
      const end = buffer.indexOf('\n', at + 1 + waiting.marker.length);
      if (end < 0) return;
      const status = Number(buffer.slice(at + 2 + waiting.marker.length, end));
      settle(status === 0 ? buffer.slice(0, at) : null);
    });
    child = started;
    return child;
  };

  const runOne = (file: string, args: readonly string[]) =>
    new Promise<string | null>((resolve) => {
      const sh = start();
      if (!sh) return resolve(null);
      // a fresh marker per call: a program's output cannot end another call early
      const marker = `__done_${randomUUID()}`;
      waiting = { marker, resolve };
      const command = [file, ...args].map(quote).join(' ');
      sh.stdin.write(
        `timeout ${TIMEOUT_SECONDS} ${command} </dev/null 2>/dev/null; printf '\\n%s %d\\n' ${marker} $?\n`,
      );
    });

  const run = ((file, args) => {
    const result = queue.then(() => runOne(file, args));
    queue = result;
    return result;
  }) as ShellRunner;
  run.close = () => {
    closed = true;
    drop();
  };
  return run;
}
