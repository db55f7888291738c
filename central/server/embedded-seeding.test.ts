import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from './embedded';
import { FAST_HASH } from './testkit';

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

async function started(seed: unknown, seedAfter?: Promise<void>): Promise<RunningCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'central-seeding-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  // the production hash parameters: the import takes long enough for requests to arrive during it
  const central = await startCentral({
    port: 0,
    seedFile,
    activationTtlSeconds: 180,
    // with seedAfter, cheap hashes: the import would be over in milliseconds had it started
    ...(seedAfter ? { seedAfter, hashParams: FAST_HASH } : {}),
  });
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

  it('with seedAfter, imports nothing before it settles; a request meanwhile waits and is then answered as seeded', async () => {
    let ready = () => {};
    const seedAfter = new Promise<void>((resolve) => (ready = resolve));
    const central = await started(
      {
        afiliados: [person],
        employers: [],
        staff: [{ id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pin: '482915' }],
      },
      seedAfter,
    );
    let answered: number | null = null;
    const asked = login(central, person.password).then((status) => (answered = status));
    // the import has not started: the request is held, not refused (a 503 or a 401 would be wrong)
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBeNull();
    ready();
    expect(await asked).toBe(200);
  });

  it('closes without importing when seedAfter never settles (a shell that failed before its ready line)', async () => {
    const central = await started({ afiliados: [person], employers: [], staff: [] }, new Promise<void>(() => {}));
    // close waits for a started import; one that never started must not hold it
    await central.close();
    expect(await login(central, person.password).catch(() => 'closed')).toBe('closed');
  });

  it('still refuses a seed file that does not validate, before it listens', async () => {
    await expect(
      started({ afiliados: [{ ...person, fullName: undefined }], employers: [], staff: [] }),
    ).rejects.toThrow('seed file rejected');
  });
});
