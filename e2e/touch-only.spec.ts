import { expect, test } from './fixtures';
import { activationLinkOf } from './support/mail-capture';
import { e2eSeed, knownAnswers, people } from './support/seed';
import { portalLogin, questionBank } from './support/steps';
import { recoverByTouch, type KioskLocale } from './support/touch';

test.use({ hostOptions: { seed: e2eSeed } });

/**
 * The whole Recuperar flow done only by tapping — the on-screen keypad for the
 * cédula, the on-screen keyboard (with Mayúsculas) for the answers and the new clave — in both
 * languages; the portal then accepts the clave set this way.
 */
for (const [locale, newPassword] of [
  ['es-EC', 'Pichincha1822'],
  ['en', 'Galapagos1835'],
] as const satisfies ReadonlyArray<readonly [KioskLocale, string]>) {
  test(`Recuperar clave by touch only (${locale})`, async ({ kioskPage: page, kiosk, mail }) => {
    const person = people.withClave;
    await recoverByTouch(page, {
      locale,
      person,
      bank: await questionBank(kiosk.centralUrl!),
      knownAnswers,
      newPassword,
      activationLink: async () =>
        activationLinkOf(await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE' && m.to.includes(person.email))),
    });
    // a reset brings back the default language for the next person
    await expect(page.locator('html')).toHaveAttribute('lang', 'es-EC');
    expect(await portalLogin(kiosk.centralUrl!, person.id, newPassword)).toBe(200);
    expect(await portalLogin(kiosk.centralUrl!, person.id, person.password)).toBe(401);
  });
}
