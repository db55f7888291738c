import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FEED_PUBLIC_KEY_PEM } from './feed-public-key';
import { loadFeedPrivateKey, loadFeedPublicKey, signFeed, verifyFeed } from './feed-signature';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const feed = 'version: 1.2.0\nfiles:\n  - url: kiosk-1.2.0.AppImage\n    sha512: abc\npath: kiosk-1.2.0.AppImage\n';

describe('release feed signature', () => {
  it('verifies a feed signed with the matching key', () => {
    expect(verifyFeed('latest-linux.yml', feed, signFeed('latest-linux.yml', feed, privateKey), publicKey)).toBe(true);
  });

  it('refuses a feed changed by one byte (e.g. a sha512 swapped by whoever holds the server)', () => {
    const sig = signFeed('latest-linux.yml', feed, privateKey);
    expect(verifyFeed('latest-linux.yml', feed.replace('abc', 'abd'), sig, publicKey)).toBe(false);
  });

  it('refuses a signed feed served under another feed name', () => {
    const sig = signFeed('latest.yml', feed, privateKey);
    expect(verifyFeed('latest-linux.yml', feed, sig, publicKey)).toBe(false);
  });

  it('refuses a signature made with another key, and a malformed signature', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(verifyFeed('latest-linux.yml', feed, signFeed('latest-linux.yml', feed, other), publicKey)).toBe(false);
    expect(verifyFeed('latest-linux.yml', feed, '', publicKey)).toBe(false);
    expect(verifyFeed('latest-linux.yml', feed, 'not base64 at all', publicKey)).toBe(false);
  });

  it('accepts only Ed25519 keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => loadFeedPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
      /Ed25519/,
    );
    expect(() => loadFeedPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      /Ed25519/,
    );
  });

  it('pins a real Ed25519 public key in the app, and no private key', () => {
    expect(loadFeedPublicKey(FEED_PUBLIC_KEY_PEM).asymmetricKeyType).toBe('ed25519');
    expect(FEED_PUBLIC_KEY_PEM).not.toMatch(/PRIVATE/);
  });
});
