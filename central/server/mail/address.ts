/**
 * One plain address, no display name, no list. nodemailer would read "a@x.ec, b@y.ec" as two
 * recipients, so an activation link could be copied to a stranger; anything but a single
 * address is refused before it reaches a transport.
 */
const SINGLE_ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;
/** RFC 5321 path limit. */
const MAX_ADDRESS_LENGTH = 254;

export function isSingleAddress(address: string): boolean {
  return address.length <= MAX_ADDRESS_LENGTH && SINGLE_ADDRESS.test(address);
}
