/**
 * The one public key a kiosk accepts release feeds from (Ed25519, SPKI PEM). Its private half is
 * never in this repository: scripts/publish-release.ts reads it from the file named by
 * UPDATE_FEED_SIGNING_KEY on the release machine. Replacing this key means shipping a release
 * signed with the old key that carries the new one (see docs/updates.md).
 */
export const FEED_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAO/BIMQf4rd+A6p4aaIVqZ6hdJeQvgnu0/ze9/fUSM+M=
-----END PUBLIC KEY-----
`;
