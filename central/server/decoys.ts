import { SECURITY_IMAGES } from './catalog';
import { hmac } from './secrets';

export const DECOYS = 8;

/**
 * Trámite step 6b (recover: pick yours of 9): the 8 other images shown with the person's own.
 * They are the same for a person every time — ranked by HMAC-SHA256 of the person id and each
 * image under a key only the central holds — so intersecting the sets of several verifications
 * leaves all nine, and without the key no one can tell which eight a person gets.
 */
export function decoysFor(key: Buffer, personId: string, ownImage: string): string[] {
  return SECURITY_IMAGES.filter((image) => image !== ownImage)
    .map((image) => ({ image, rank: hmac(key, `${personId}\u0000${image}`).toString('hex') }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, DECOYS)
    .map((r) => r.image);
}
