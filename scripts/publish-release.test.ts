import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFeedPublicKey, verifyFeed } from '../electron/core/update/feed-signature';
import { isKioskWithinRollout } from '../electron/core/update/rollout';
import { publishRelease, readFeed, readSigningKey, restageRelease, runCli, sha512Base64 } from './publish-release';

const keys = generateKeyPairSync('ed25519');
const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const repoRoot = resolve(import.meta.dirname, '..');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'publish-release-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'kiosk-1.4.0.AppImage'), 'dummy AppImage');
  const sha = sha512Base64(join(dir, 'dist', 'kiosk-1.4.0.AppImage'));
  writeFileSync(
    join(dir, 'dist', 'latest-linux.yml'),
    `version: 1.4.0\nfiles:\n  - url: kiosk-1.4.0.AppImage\n    sha512: ${sha}\n    size: 14\npath: kiosk-1.4.0.AppImage\nsha512: ${sha}\nreleaseDate: '2026-11-30T12:00:00.000Z'\n`,
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const served = () => join(dir, 'served');
const servedFeed = () => readFileSync(join(served(), 'latest-linux.yml'), 'utf8');
const verifies = () =>
  verifyFeed(
    'latest-linux.yml',
    servedFeed(),
    readFileSync(join(served(), 'latest-linux.yml.sig'), 'utf8'),
    keys.publicKey,
  );

describe('publish-release', () => {
  it('copies the build, stages it at the chosen percentage and signs the feed', () => {
    const [result] = publishRelease({
      fromDir: join(dir, 'dist'),
      toDir: served(),
      stagingPercentage: 10,
      privateKeyPem,
    });
    expect(result).toEqual({ feed: 'latest-linux.yml', version: '1.4.0', files: ['kiosk-1.4.0.AppImage'] });
    expect(readFileSync(join(served(), 'kiosk-1.4.0.AppImage'), 'utf8')).toBe('dummy AppImage');
    expect(readFeed(servedFeed())).toMatchObject({ version: '1.4.0', stagingPercentage: 10 });
    expect(verifies()).toBe(true);
  });

  it('widens a staged release and signs it again; 100 % means every kiosk', () => {
    publishRelease({ fromDir: join(dir, 'dist'), toDir: served(), stagingPercentage: 10, privateKeyPem });
    restageRelease({ dir: served(), stagingPercentage: 100, privateKeyPem });
    expect(readFeed(servedFeed()).stagingPercentage).toBeUndefined();
    expect(isKioskWithinRollout('ANY-KIOSK', readFeed(servedFeed()).stagingPercentage)).toBe(true);
    expect(verifies()).toBe(true);
    restageRelease({ dir: served(), stagingPercentage: 0, privateKeyPem });
    expect(readFeed(servedFeed()).stagingPercentage).toBe(0);
    expect(verifies()).toBe(true);
  });

  it('refuses to sign a build whose file does not match its feed', () => {
    writeFileSync(join(dir, 'dist', 'kiosk-1.4.0.AppImage'), 'changed after the build');
    expect(() =>
      publishRelease({ fromDir: join(dir, 'dist'), toDir: served(), stagingPercentage: 10, privateKeyPem }),
    ).toThrow(/sha512/);
    expect(existsSync(join(served(), 'latest-linux.yml.sig'))).toBe(false);
  });

  it('refuses a feed that names a file outside the build folder', () => {
    const feed = readFileSync(join(dir, 'dist', 'latest-linux.yml'), 'utf8').replace(
      'url: kiosk-1.4.0.AppImage',
      'url: ../../etc/passwd',
    );
    writeFileSync(join(dir, 'dist', 'latest-linux.yml'), feed);
    expect(() =>
      publishRelease({ fromDir: join(dir, 'dist'), toDir: served(), stagingPercentage: 10, privateKeyPem }),
    ).toThrow();
  });

  it('refuses a staging percentage outside 0–100', () => {
    for (const pct of [-1, 101, 12.5, Number.NaN]) {
      expect(() =>
        publishRelease({ fromDir: join(dir, 'dist'), toDir: served(), stagingPercentage: pct, privateKeyPem }),
      ).toThrow();
    }
  });

  it('reads the key only from outside the repository', () => {
    writeFileSync(join(dir, 'key.pem'), privateKeyPem);
    expect(readSigningKey({ UPDATE_FEED_SIGNING_KEY: join(dir, 'key.pem') }, repoRoot)).toBe(privateKeyPem);
    expect(() => readSigningKey({}, repoRoot)).toThrow(/UPDATE_FEED_SIGNING_KEY/);
    expect(() => readSigningKey({ UPDATE_FEED_SIGNING_KEY: join(repoRoot, 'release-key.pem') }, repoRoot)).toThrow(
      /inside the repository/,
    );
  });

  it('signs with a key the pinned-key loader accepts, and prints where a kiosk sits', () => {
    writeFileSync(join(dir, 'key.pem'), privateKeyPem);
    const lines: string[] = [];
    runCli(
      ['publish', '--from', join(dir, 'dist'), '--to', served(), '--staging', '25'],
      { UPDATE_FEED_SIGNING_KEY: join(dir, 'key.pem') },
      repoRoot,
      (l) => lines.push(l),
    );
    runCli(['ring', 'KIOSCO-01'], {}, repoRoot, (l) => lines.push(l));
    expect(lines[0]).toMatch(/latest-linux\.yml: 1\.4\.0 at 25 %/);
    expect(lines[1]).toMatch(/^KIOSCO-01\t\d+\.\d\d\t/);
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(
      verifyFeed(
        'latest-linux.yml',
        servedFeed(),
        readFileSync(join(served(), 'latest-linux.yml.sig'), 'utf8'),
        loadFeedPublicKey(publicPem),
      ),
    ).toBe(true);
  });
});

describe('electron-builder.yml feeds the release script', () => {
  it('has a generic publish provider, so builds come with latest-linux.yml and app-update.yml', async () => {
    const { load } = await import('js-yaml');
    const config = load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
      publish?: Array<{ provider: string; url: string }>;
    };
    expect(config.publish?.map((p) => p.provider)).toEqual(['generic']);
  });

  it('is run by `npm run release`', () => {
    const scripts = (
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.release).toBe('tsx scripts/publish-release.ts');
  });
});
