import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { newKeyPair } from './key-pair';

/**
 * How a kiosk proves who it is on every call (docs/security.md): a short-lived EdDSA JWS made
 * with the kiosk's own Ed25519 key, binding the method, the path, the body's sha-256, the time
 * and a one-time nonce. A stolen token opens nothing else (another path or body fails the
 * binding) and cannot be replayed (the central keeps each nonce for the token's lifetime).
 */
export const AUTH_SCHEME = 'Kiosk';
/** a token is good for this long after its iat; the nonce store keeps it this long plus the skew */
export const TOKEN_TTL_SECONDS = 60;
/** kiosk clocks drift; more than this and the kiosk is refused until its clock is set */
export const CLOCK_SKEW_SECONDS = 30;

export const KIOSK_ID = /^[A-Za-z0-9-]{1,40}$/;

/** What a kiosk holds: its id and its private key (never leaves the kiosk). */
export type KioskIdentity = { kioskId: string; privateKey: KeyObject; publicKey: string };

/** SPKI DER, base64url: the form the central stores and the enrollment carries. */
export function exportPublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64url');
}

/** An Ed25519 public key from its base64url SPKI, or null when it is not one. */
export function importPublicKey(spki: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

export function newKioskKeyPair(): { privateKey: KeyObject; publicKey: string } {
  const { privateKey, publicKey } = newKeyPair('ed25519');
  return { privateKey, publicKey: exportPublicKey(publicKey) };
}

export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The Authorization header value for one request. `now` in ms (the kiosk's clock). */
export async function signRequest(
  identity: KioskIdentity,
  request: { method: string; path: string; body: string },
  now: number,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({
    htm: request.method.toUpperCase(),
    htu: request.path,
    bsh: bodyDigest(request.body),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: identity.kioskId, typ: 'kiosk+jwt' })
    .setSubject(identity.kioskId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_TTL_SECONDS)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(identity.privateKey);
  return `${AUTH_SCHEME} ${token}`;
}

const Claims = z.object({
  sub: z.string().regex(KIOSK_ID),
  htm: z.string(),
  htu: z.string(),
  bsh: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(16).max(64),
});
export type VerifiedRequest = { kioskId: string; jti: string; expiresAt: number };

/** The kiosk id a token claims, read before its key is known (so the key can be looked up). */
export function claimedKioskId(header: string | undefined): string | null {
  const token = tokenOf(header);
  if (!token) return null;
  try {
    const kid = decodeProtectedHeader(token).kid;
    return typeof kid === 'string' && KIOSK_ID.test(kid) ? kid : null;
  } catch {
    return null;
  }
}

function tokenOf(header: string | undefined): string | null {
  if (!header || header.length > 2000) return null;
  const [scheme, token, extra] = header.split(' ');
  return scheme === AUTH_SCHEME && token && extra === undefined ? token : null;
}

/**
 * Checks signature, lifetime and binding; null on any failure (the route answers 401 and says
 * no more). Nonce single use is the caller's job: it needs the shared store.
 */
export async function verifyRequest(
  header: string | undefined,
  publicKey: KeyObject,
  request: { method: string; path: string; body: Uint8Array | string },
  now: number,
): Promise<VerifiedRequest | null> {
  const token = tokenOf(header);
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ['EdDSA'],
      typ: 'kiosk+jwt',
      currentDate: new Date(now),
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: TOKEN_TTL_SECONDS,
      requiredClaims: ['iat', 'exp', 'jti', 'sub'],
    });
    const claims = Claims.safeParse(payload);
    if (!claims.success) return null;
    const c = claims.data;
    // a token minted for a longer life than the protocol allows is not honoured
    if (c.exp - c.iat > TOKEN_TTL_SECONDS) return null;
    if (c.htm !== request.method.toUpperCase() || c.htu !== request.path || c.bsh !== bodyDigest(request.body))
      return null;
    return { kioskId: c.sub, jti: c.jti, expiresAt: (c.exp + CLOCK_SKEW_SECONDS) * 1000 };
  } catch {
    return null;
  }
}
