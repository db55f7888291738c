import { createHmac } from 'node:crypto';
import { sameText } from '../secrets';

/**
 * Why an HMAC and not argon2id for the SMS code: a 6-digit code has 10^6 values, so any hash
 * of it alone, however slow, is searched in hours by whoever reads the database, while the code
 * lives 5 minutes; argon2id would add nothing but ~100 ms of CPU and 19 MiB per start and per
 * try on a central that serves every kiosk (a lever for a flood of wrong tries). An HMAC under a
 * key that is not in the database makes a stolen row useless outright: without the key there is
 * nothing to search. The key is `deps.keys.smsCode`, derived (secrets.ts `deriveKey`) from the central's seal key, which lives in a file
 * next to the store (central-seal-key.pem), never in it, and survives restarts, so a code sent
 * before a restart still verifies after it.
 */
const mac = (key: Buffer, ...parts: string[]) =>
  createHmac('sha256', key).update(parts.join('\u0000')).digest('base64url');

/** Bound to the grant and the row: a MAC copied to another grant or row verifies nothing. */
export function codeMac(key: Buffer, grantHash: string, codeId: string, code: string): string {
  return mac(key, 'code', grantHash, codeId, code);
}

/** Constant-time: the time a wrong try takes says nothing about how close it was. */
export function codeMatches(key: Buffer, row: { grant_hash: string; id: string; code_mac: string }, typed: string) {
  return sameText(codeMac(key, row.grant_hash, row.id, typed), row.code_mac);
}

/** Names a number for the per-number limit without storing it again. */
export function numberKey(key: Buffer, mobile: string): string {
  return mac(key, 'number', mobile.replace(/\D/g, ''));
}
