import { afterEach, describe, expect, it } from 'vitest';
import { createShellRunner, type ShellRunner } from './shell-runner';

const runners: ShellRunner[] = [];
afterEach(() => {
  for (const r of runners.splice(0)) r.close();
});
const runner = (shell?: string) => {
  const r = createShellRunner(shell);
  runners.push(r);
  return r;
};

describe('createShellRunner', () => {
  it('runs a program with its arguments through one shell and answers its output', async () => {
    const run = runner();
    expect(await run('printf', ['%s|%s', 'a b', "it's"])).toBe("a b|it's");
    // the same shell serves the next call: the parent of each call's `timeout` is one process
    const shellPid = "cut -d' ' -f4 /proc/$PPID/stat";
    const first = await run('sh', ['-c', shellPid]);
    const second = await run('sh', ['-c', shellPid]);
    expect(first).not.toBeNull();
    expect(second).toBe(first);
  });

  it('answers null for a missing program and for one that fails, and keeps serving', async () => {
    const run = runner();
    expect(await run('no-such-program-here', ['info'])).toBeNull();
    expect(await run('sh', ['-c', 'echo partial; exit 3'])).toBeNull();
    expect(await run('echo', ['still here'])).toBe('still here\n');
  });

  it('keeps calls made together apart, in order', async () => {
    const run = runner();
    const answers = await Promise.all(['one', 'two', 'three'].map((word) => run('echo', [word])));
    expect(answers).toEqual(['one\n', 'two\n', 'three\n']);
  });

  it('passes an argument as one word: quotes and shell syntax in it are not run', async () => {
    const run = runner();
    expect(await run('printf', ['%s', "'; echo injected; '"])).toBe("'; echo injected; '");
    expect(await run('printf', ['%s', '$(echo injected)'])).toBe('$(echo injected)');
  });

  it('a program printing a line that looks like the end marker does not end the call early', async () => {
    const run = runner();
    expect(await run('printf', ['\\n__done_x 0\\nafter'])).toBe('\n__done_x 0\nafter');
  });

  it('without a shell on the machine every call answers null', async () => {
    const run = runner('/nonexistent/sh');
    expect(await run('echo', ['x'])).toBeNull();
    expect(await run('echo', ['y'])).toBeNull();
  });
});
