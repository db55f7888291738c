import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from './embedded';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const person = {
  id: '1710034065',
  idType: 'cedula',
  fullName: 'María Fernanda Quishpe Toapanta',
  birthDate: '1961-08-14',
  email: 'maria@example.com',
  dataUpdatedInPerson: true,
  hasPassword: true,
  password: 'Cotopaxi2024',
  challenges: [
    {
      question: '¿En qué año realizó su primer aporte al IESS?',
      answer: '1987',
      distractors: ['1985', '1990', '1993'],
    },
  ],
  securityImage: 'colibri',
  securityAnswers: [{ questionId: 'q01', answer: 'Firulais' }],
};

async function started(seed: unknown): Promise<RunningCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'central-seeding-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  // the production hash parameters: the import takes long enough for requests to arrive during it
  const central = await startCentral({ port: 0, seedFile, activationTtlSeconds: 180 });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => central.close());
  return central;
}

const login = (central: RunningCentral, password: string) =>
  fetch(`${central.url}/api/v1/portal/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-id': 'KIOSCO-SEED' },
    body: JSON.stringify({ id: person.id, password }),
  }).then((r) => r.status);

describe('the embedded central while its seed is imported', () => {
  it('answers a request sent right after start as the seeded central would: it waits, never refuses a seeded person', async () => {
    const central = await started({
      afiliados: [person],
      employers: [],
      staff: [{ id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pin: '482915' }],
    });
    const [right, wrong] = await Promise.all([login(central, person.password), login(central, 'Otraclave9Xy')]);
    expect(right).toBe(200);
    expect(wrong).toBe(401);
  });

  it('still refuses a seed file that does not validate, before it listens', async () => {
    await expect(
      started({ afiliados: [{ ...person, fullName: undefined }], employers: [], staff: [] }),
    ).rejects.toThrow('seed file rejected');
  });
});
