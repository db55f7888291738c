import { generateKeyPairSync } from 'node:crypto';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
// electron-updater's own updater class for AppImages: it loads `electron` only to quit and
// relaunch, so checking and downloading run under plain Node
import { AppImageUpdater } from 'electron-updater/out/AppImageUpdater.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../central/server/embedded';
import { FAST_HASH } from '../../central/server/testkit';
import { publishRelease, sha512Base64 } from '../../scripts/publish-release';
import { rolloutPosition } from '../core/update/rollout';
import { FEED_SIGNATURE_ERROR } from './signed-feed-provider';
import { configureUpdater, createUpdateDriver, setUpdateChannel } from './updater';

/** What electron-updater's ElectronHttpExecutor does, over node:http (as upstream's tests do). */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    // a fresh socket per request: electron-updater adds a timeout listener to each one it uses
    return request({ ...options, agent: false }, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error ? reject(error) : resolve(destination)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

const keys = generateKeyPairSync('ed25519');
const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let root: string;
let served: string;
let central: RunningCentral;
let baseUrl: string;
const savedAppImage = process.env.APPIMAGE;

// the feed is served as an office serves it: by the reference central's /updates/ folder
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kiosk-updater-'));
  central = await startCentral({ port: 0, activationTtlSeconds: 180, hashParams: FAST_HASH, updatesDir: root });
});

afterAll(async () => {
  await central.close();
  rmSync(root, { recursive: true, force: true });
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
});

let run = 0;
let dir: string;
beforeEach(() => {
  dir = join(root, `run-${++run}`);
  served = join(dir, 'served');
  baseUrl = `${central.url}/updates/run-${run}/served/`;
  mkdirSync(join(dir, 'dist'), { recursive: true });
  // the AppImage being replaced: electron-updater reads its path from APPIMAGE
  writeFileSync(join(dir, 'current.AppImage'), 'old build');
  process.env.APPIMAGE = join(dir, 'current.AppImage');
});
afterEach(() => {
  delete process.env.APPIMAGE;
});

/** An electron-builder-shaped build of `version` in dist/, published to the served folder. */
function publish(version: string, stagingPercentage = 100, signingKeyPem = privateKeyPem): string {
  const file = `iess-clave-kiosk-${version}.AppImage`;
  writeFileSync(join(dir, 'dist', file), `AppImage of ${version}`);
  const sha512 = sha512Base64(join(dir, 'dist', file));
  const size = readFileSync(join(dir, 'dist', file)).length;
  writeFileSync(
    join(dir, 'dist', 'latest-linux.yml'),
    `version: ${version}\nfiles:\n  - url: ${file}\n    sha512: ${sha512}\n    size: ${size}\npath: ${file}\nsha512: ${sha512}\nreleaseDate: '2026-11-30T12:00:00.000Z'\n`,
  );
  publishRelease({ fromDir: join(dir, 'dist'), toDir: served, stagingPercentage, privateKeyPem: signingKeyPem });
  return file;
}

function kioskUpdater(currentVersion: string, kioskId = 'KIOSCO-01') {
  const app: AppAdapter = {
    version: currentVersion,
    name: 'iess-clave-kiosk',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: join(dir, 'userData'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  // what electron-builder writes into resources/ when electron-builder.yml has a publish entry
  writeFileSync(
    app.appUpdateConfigPath,
    `provider: generic\nurl: ${baseUrl}\nupdaterCacheDirName: iess-clave-kiosk-updater\n`,
  );
  const updater = new AppImageUpdater(null, app);
  updater.logger = null;
  // the executor must be in place before the feed is configured: the provider captures it
  Object.assign(updater, { httpExecutor: new NodeHttpExecutor() });
  configureUpdater(updater, { feedUrl: baseUrl, kioskId, feedPublicKeyPem: publicKeyPem });
  // no blockmap in this dummy build; the full download is what is checked against the sha512
  updater.disableDifferentialDownload = true;
  return updater;
}

const idsOn = (side: 'in' | 'out', pct: number) => {
  for (let i = 0; ; i++) {
    const id = `KIOSCO-${i}`;
    if (rolloutPosition(id) < pct === (side === 'in')) return id;
  }
};

describe('electron-updater against a signed generic feed on 127.0.0.1', () => {
  it('is configured as the kiosk needs: nothing automatic, no downgrade, even after a channel is set', () => {
    const updater = kioskUpdater('1.0.0');
    expect([updater.autoDownload, updater.autoInstallOnAppQuit, updater.allowDowngrade]).toEqual([false, false, false]);
    setUpdateChannel(updater, 'beta');
    expect(updater.allowDowngrade).toBe(false);
  });

  it('picks the newer version and downloads exactly the published file', async () => {
    const file = publish('1.2.0');
    const updater = kioskUpdater('1.0.0');
    const result = await updater.checkForUpdates();
    expect(result?.isUpdateAvailable).toBe(true);
    expect(result?.updateInfo.version).toBe('1.2.0');
    const [downloaded] = await updater.downloadUpdate();
    expect(downloaded).toBeDefined();
    expect(readFileSync(downloaded ?? '', 'utf8')).toBe(readFileSync(join(served, file), 'utf8'));
  });

  it('refuses a downgrade: a validly signed older release is not an update', async () => {
    publish('1.2.0');
    const result = await kioskUpdater('2.0.0').checkForUpdates();
    expect(result?.isUpdateAvailable).toBe(false);
  });

  it('refuses a file whose sha512 does not match the signed feed', async () => {
    const file = publish('1.2.0');
    writeFileSync(join(served, file), 'AppImage of someone else');
    const updater = kioskUpdater('1.0.0');
    expect((await updater.checkForUpdates())?.isUpdateAvailable).toBe(true);
    await expect(updater.downloadUpdate()).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
  });

  it('refuses a feed rewritten to name another file, even with a matching sha512', async () => {
    publish('1.2.0');
    writeFileSync(join(served, 'evil.AppImage'), 'evil');
    const feed = readFileSync(join(served, 'latest-linux.yml'), 'utf8');
    const evilSha = sha512Base64(join(served, 'evil.AppImage'));
    writeFileSync(
      join(served, 'latest-linux.yml'),
      feed.replace(/iess-clave-kiosk-1\.2\.0\.AppImage/g, 'evil.AppImage').replace(/sha512: .*/g, `sha512: ${evilSha}`),
    );
    await expect(kioskUpdater('1.0.0').checkForUpdates()).rejects.toMatchObject({ code: FEED_SIGNATURE_ERROR });
  });

  it('refuses a feed with no signature, or signed with another key', async () => {
    publish('1.2.0');
    rmSync(join(served, 'latest-linux.yml.sig'));
    await expect(kioskUpdater('1.0.0').checkForUpdates()).rejects.toMatchObject({ code: FEED_SIGNATURE_ERROR });
    const other = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    publish('1.2.0', 100, other);
    await expect(kioskUpdater('1.0.0').checkForUpdates()).rejects.toMatchObject({ code: FEED_SIGNATURE_ERROR });
  });

  it('honours 0 %, 50 % and 100 % staging by the kiosk id', async () => {
    publish('1.2.0', 0);
    expect((await kioskUpdater('1.0.0', idsOn('in', 50)).checkForUpdates())?.isUpdateAvailable).toBe(false);
    publish('1.2.0', 50);
    expect((await kioskUpdater('1.0.0', idsOn('in', 50)).checkForUpdates())?.isUpdateAvailable).toBe(true);
    expect((await kioskUpdater('1.0.0', idsOn('out', 50)).checkForUpdates())?.isUpdateAvailable).toBe(false);
    publish('1.2.0', 100);
    expect((await kioskUpdater('1.0.0', idsOn('out', 50)).checkForUpdates())?.isUpdateAvailable).toBe(true);
  });

  it('is driven by the policy: checks, downloads, and waits for an idle kiosk', async () => {
    publish('1.2.0');
    const updater = kioskUpdater('1.0.0');
    const installs: boolean[] = [];
    Object.assign(updater, { quitAndInstall: () => installs.push(true) });
    const now = Date.now();
    const facts = { now, localMinute: 12 * 60, sessionActive: true, lastActivityAt: now };
    const driver = createUpdateDriver({
      updater,
      facts: () => facts,
      settings: () => ({ checkIntervalMs: 3_600_000, maintenanceWindow: null }),
    });
    await driver.tick();
    await driver.tick();
    expect(driver.state().phase).toEqual({ kind: 'downloaded', version: '1.2.0' });
    await driver.tick();
    expect(installs).toEqual([]);
    facts.sessionActive = false;
    facts.lastActivityAt = now - 3 * 60_000;
    await driver.tick();
    expect(installs).toEqual([true]);
  });
});
