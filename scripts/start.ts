import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromiumArgs, systemChromium } from '../e2e/support/chromium';
import { electronBinary } from '../e2e/support/electron-binary';

/**
 * `npm start`: the kiosk as a person sees it. Electron when its binary is present; otherwise the
 * web host with the system Chromium in kiosk mode on it, saying why.
 */
const root = resolve(import.meta.dirname, '..');
const build = () => {
  if (!existsSync(join(root, 'out/renderer/index.html')) || !existsSync(join(root, 'out/main/index.js'))) {
    console.log('Building the kiosk first (npm run build)…');
    const result = spawn('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    return new Promise<void>((ok, fail) =>
      result.on('exit', (code) => (code === 0 ? ok() : fail(new Error('build failed')))),
    );
  }
  return Promise.resolve();
};

await build();
const electron = electronBinary();
if (electron) {
  console.log(`Starting Electron (${electron})`);
  spawn(electron, [join(root, 'out/main/index.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }).on(
    'exit',
    (code) => process.exit(code ?? 0),
  );
} else {
  console.log('No Electron binary here (it cannot be downloaded on this machine; set ELECTRON_PATH to use one).');
  console.log('Starting the web host and opening the system Chromium in kiosk mode instead.');
  const host = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  host.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    const url = /Kiosk ready at (\S+)/.exec(text)?.[1];
    if (!url) return;
    const browser = systemChromium();
    if (!existsSync(browser) || !process.env.DISPLAY) {
      console.log(`No display or Chromium to open: use ${url} in a browser.`);
      return;
    }
    spawn(
      browser,
      [
        ...chromiumArgs.filter((a) => a !== '--disable-gpu'),
        '--kiosk',
        `--app=${url}`,
        `--user-data-dir=${join(root, '.kiosk-data/chromium')}`,
      ],
      { stdio: 'ignore' },
    ).on('exit', () => host.kill('SIGTERM'));
  });
  host.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => host.kill('SIGTERM'));
}
