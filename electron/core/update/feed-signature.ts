import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Ed25519 signature of an electron-updater release feed (latest-linux.yml, latest.yml).
 *
 * On Linux electron-updater trusts whatever sha512 the feed names, so whoever controls the feed
 * server (or the path to it) could make every kiosk install their own file. The feed is signed
 * offline with a key kept outside the repository; the kiosk holds only the public key and refuses
 * a feed whose signature does not verify. The signed message names the feed file, so a signed
 * Windows feed cannot be served as the Linux one (or the reverse).
 */

export const FEED_SIGNATURE_SUFFIX = '.sig';
const DOMAIN = 'iess-clave-kiosk/update-feed/v1\n';

function message(feedName: string, feed: string): Buffer {
  return Buffer.from(`${DOMAIN}${feedName}\n${feed}`, 'utf8');
}

function ed25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`feed keys are Ed25519, not ${key.asymmetricKeyType ?? key.type}`);
  return key;
}

export const loadFeedPrivateKey = (pem: string): KeyObject => ed25519(createPrivateKey(pem));
export const loadFeedPublicKey = (pem: string): KeyObject => ed25519(createPublicKey(pem));

/** The detached signature, as the text of `<feed>.sig`: base64 and a newline. */
export function signFeed(feedName: string, feed: string, privateKey: KeyObject): string {
  return `${sign(null, message(feedName, feed), ed25519(privateKey)).toString('base64')}\n`;
}

export function verifyFeed(feedName: string, feed: string, signatureText: string, publicKey: KeyObject): boolean {
  const trimmed = signatureText.trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(trimmed)) return false;
  return verify(null, message(feedName, feed), ed25519(publicKey), Buffer.from(trimmed, 'base64'));
}
