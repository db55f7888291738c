import argon2 from 'argon2';
import type { Hono } from 'hono';
import type { CentralStore } from '../../db/central/open';
import { SEALED_CREDENTIALS, type CredentialsSecrets, type SeedFile } from '../contract';
import { newSealKeyPair, seal, sealPublicKeyOf } from '../sealed';
import { normalizeAnswer } from '../normalize';
import { newKioskKeyPair, signRequest, type KioskIdentity } from '../kiosk-auth';
import { createCentralAppWith, recordAnswersKey, resolveDeps, type CentralAppOptions } from './app';
import type { CentralDeps } from './deps';
import { enrollKiosk, type CentralEnv } from './kiosks';
import { createCaptureMailer } from './mail/capture';
import type { CapturedMailbox, Mailer } from './mail/types';
import { hashParamsOf, isAllowedHash, type Hasher, type HashParams } from './secrets';
import { importSeed } from './seed';
import type { SmsSender } from './sms/types';
import { openTestStore } from './test-store';

/** Test-only: cheap argon2id so a suite runs in seconds; production uses DEFAULT_HASH_PARAMS. */
export const FAST_HASH: HashParams = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const TEST_SEED: SeedFile = {
  afiliados: [
    {
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
        {
          question: '¿Cuál fue su primer empleador?',
          answer: 'Textiles La Escala S.A.',
          distractors: ['Pronaca', 'Banco del Pichincha', 'Almacenes Tía S.A.'],
        },
        {
          question: '¿En qué provincia se afilió al IESS?',
          answer: 'Pichincha',
          distractors: ['Guayas', 'Azuay', 'Tungurahua'],
        },
      ],
      securityImage: 'colibri',
      securityAnswers: [
        { questionId: 'q01', answer: 'Firulais' },
        { questionId: 'q02', answer: 'Riobamba' },
        { questionId: 'q03', answer: 'Escuela Fiscal Sucre' },
      ],
    },
    {
      id: '1714307103',
      idType: 'cedula',
      fullName: 'Jorge Luis Pilataxi Caiza',
      birthDate: '1978-03-02',
      email: null,
      dataUpdatedInPerson: false,
      hasPassword: false,
      challenges: [
        {
          question: '¿En qué año realizó su primer aporte al IESS?',
          answer: '1998',
          distractors: ['1996', '2001', '2003'],
        },
        {
          question: '¿Cuál fue su primer empleador?',
          answer: 'Constructora Pilahuín',
          distractors: ['Holcim', 'Municipio de Quito', 'Ferrisariato'],
        },
      ],
      securityImage: null,
    },
    {
      id: '0901234567',
      idType: 'cedula',
      fullName: 'Luis Alberto Cedeño Macías',
      birthDate: '1958-01-30',
      email: 'luis@example.com',
      dataUpdatedInPerson: true,
      hasPassword: true,
      password: 'Chimborazo58',
      challenges: [
        {
          question: '¿En qué año realizó su primer aporte al IESS?',
          answer: '1979',
          distractors: ['1977', '1981', '1984'],
        },
      ],
      securityImage: null,
      locked: true,
    },
  ],
  employers: [
    {
      ruc: '1790011674001',
      branch: '001',
      legalRepId: '1710034065',
      name: 'Comercial Andina S.A.',
      email: 'rrhh@example.com',
      hasPassword: true,
    },
  ],
  staff: [{ id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pin: '482915' }],
};

/** The seed's right answers, by question text, as a kiosk would find them on screen. */
export function rightAnswerOf(question: string, personId = '1710034065'): string {
  const person = TEST_SEED.afiliados.find((a) => a.id === personId);
  for (const c of person?.challenges ?? []) if (c.question === question) return c.answer;
  throw new Error(`no such question ${question}`);
}

/** The argon2 work the central did: the parameters of each hash it ran (a dummy included). */
export type HashWork = { verifies: HashParams[] };

/** The central's hasher, recording the parameters of every argon2 verification it runs. */
function countingHasher(inner: Hasher, work: HashWork): Hasher {
  return {
    params: inner.params,
    allowed: inner.allowed,
    hash: (plain) => inner.hash(plain),
    verify(phc, plain) {
      // a refused or missing hash is verified against the dummy (the inner hasher's params)
      const ran = phc && isAllowedHash(phc, inner.allowed) ? hashParamsOf(phc) : inner.params;
      work.verifies.push(ran ?? inner.params);
      return inner.verify(phc, plain);
    },
    verifyDummy(plain) {
      work.verifies.push(inner.params);
      return inner.verifyDummy(plain);
    },
  };
}

export type Harness = {
  app: Hono<CentralEnv>;
  /** every argon2 verification the central ran since the start (or since the test emptied it) */
  work: HashWork;
  /** the enrolled kiosk every `call` signs as */
  kiosk: KioskIdentity;
  deps: CentralDeps;
  mailer: Mailer & { mailbox: CapturedMailbox };
  /** the suite's engine: SQLite in memory, or a schema of its own on PostgreSQL (see test-store.ts) */
  store: CentralStore;
  clock: { t: number };
  /** a POST signed by `kiosk` (or `as`), with the harness clock */
  call(path: string, body: unknown, headers?: Record<string, string>, as?: KioskIdentity): Promise<Response>;
  /** a credentials body as a kiosk sends it: the secrets sealed to this central's key */
  sealed(
    grant: string,
    secrets: Omit<CredentialsSecrets, 'sealedAt'> & { sealedAt?: number },
  ): { grant: string; sealed: string };
  /** a GET signed by `kiosk` */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** a new kiosk key, enrolled */
  enrollAnother(kioskId: string): Promise<KioskIdentity>;
  /** the newest captured mail to that address (the central's capture mailbox) */
  lastMailTo(address: string): { subject: string; text: string; html: string };
  close(): Promise<void>;
};

export const TEST_ENROLL_CODE = 'enroll-code-for-tests';

/** The link in the central's activation mail. */
export function linkIn(mail: { text: string }): string {
  const link = /https?:\/\/\S+\/activar\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error('no activation link in the mail');
  return link;
}

/** The 6-digit code in the central's employer mail. */
export function codeIn(mail: { text: string }): string {
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error('no code in the mail');
  return code;
}

export function newIdentity(kioskId: string): KioskIdentity {
  return { kioskId, ...newKioskKeyPair() };
}

export async function createHarness(
  options: {
    seed?: SeedFile;
    activationTtlSeconds?: number;
    lookupsPerMinute?: number;
    sms?: SmsSender;
    /** limits a test wants other than the central's defaults */
    tune?: Pick<CentralAppOptions, 'drawsPerPersonPerHour' | 'drawsPerKioskPerMinute' | 'portalLogin'>;
  } = {},
): Promise<Harness> {
  const store = await openTestStore();
  const clock = { t: Date.UTC(2025, 4, 5, 15, 0, 0) };
  const sealKey = newSealKeyPair().privateKey;
  await importSeed(store.db, options.seed ?? TEST_SEED, {
    now: clock.t,
    lockMinutes: 1440,
    hashParams: FAST_HASH,
    recordKey: recordAnswersKey(sealKey),
  });
  const mailer = createCaptureMailer() as Mailer & { mailbox: CapturedMailbox };
  const deps = resolveDeps({
    db: store.db,
    mailer,
    enrollCode: TEST_ENROLL_CODE,
    publicUrl: 'https://central.test/',
    activationTtlSeconds: options.activationTtlSeconds ?? 180,
    now: () => clock.t,
    hashParams: FAST_HASH,
    sealKey,
    ...(options.lookupsPerMinute ? { lookupsPerMinute: options.lookupsPerMinute } : {}),
    ...(options.sms ? { sms: options.sms } : {}),
    ...options.tune,
  });
  const work: HashWork = { verifies: [] };
  deps.hasher = countingHasher(deps.hasher, work);
  const app = createCentralAppWith(deps);
  const kiosk = newIdentity('KIOSCO-01');
  await enrollKiosk(deps, kiosk.kioskId, kiosk.publicKey);
  const others = new Map<string, KioskIdentity>([[kiosk.kioskId, kiosk]]);
  async function kioskNamed(kioskId: string): Promise<KioskIdentity> {
    const known = others.get(kioskId);
    if (known) return known;
    const other = newIdentity(kioskId);
    await enrollKiosk(deps, kioskId, other.publicKey);
    others.set(kioskId, other);
    return other;
  }
  return {
    app,
    work,
    kiosk,
    deps,
    mailer,
    store,
    clock,
    async call(path, body, headers = {}, as) {
      // tests of per-kiosk rules name a kiosk; it is enrolled with its own key on first use
      const { 'x-kiosk-id': named, ...rest } = headers;
      const signer = as ?? (named ? await kioskNamed(named) : kiosk);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const authorization = await signRequest(signer, { method: 'POST', path, body: text }, clock.t);
      return app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization, ...rest },
        body: text,
      });
    },
    async get(path, headers = {}) {
      const { 'x-kiosk-id': _named, ...rest } = headers;
      const authorization = await signRequest(kiosk, { method: 'GET', path, body: '' }, clock.t);
      return app.request(path, { headers: { authorization, ...rest } });
    },
    enrollAnother: kioskNamed,
    sealed: (grant, secrets) => ({
      grant,
      sealed: seal(sealPublicKeyOf(deps.sealKey), SEALED_CREDENTIALS, { sealedAt: clock.t, ...secrets }),
    }),
    lastMailTo(address) {
      const mail = mailer.mailbox.latestTo(address);
      if (!mail) throw new Error(`no mail to ${address}`);
      return mail;
    },
    close: () => store.close(),
  };
}

/** What a kiosk core sends: argon2id PHC in the reference parameter order (see core/crypto). */
export async function kioskHash(plain: string): Promise<string> {
  const phc = await argon2.hash(plain, { type: argon2.argon2id, ...FAST_HASH });
  return phc.replace(/\$m=(\d+),p=(\d+),t=(\d+)\$/, '$$m=$1,t=$3,p=$2$$');
}

export const normalized = normalizeAnswer;
