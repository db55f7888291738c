import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import { normalizeAnswer } from '../normalize';
import { importSeed, loadSeedFile, parseSeed } from './seed';
import { recordAnswerHash } from './secrets';
import { FAST_HASH, TEST_SEED } from './testkit';
import { openTestStore } from './test-store';

const RECORD_KEY = Buffer.alloc(32, 5);

const TABLES = ['afiliado', 'challenge', 'security_answer', 'employer', 'staff'] as const;
const DEMO = resolve(import.meta.dirname, '../../resources/seed/demo-seed.json');

const openStore = () => openTestStore();

async function dump(db: Kysely<CentralDatabase>) {
  const tables = await Promise.all(
    TABLES.map(async (t) => [t, (await sql`select * from ${sql.table(t)} order by 1, 2`.execute(db)).rows] as const),
  );
  return Object.fromEntries(tables);
}

describe('seed import', () => {
  it('is idempotent: importing the same file twice leaves identical rows', async () => {
    const store = await openStore();
    await importSeed(store.db, TEST_SEED, {
      now: 1_000,
      lockMinutes: 1440,
      hashParams: FAST_HASH,
      recordKey: RECORD_KEY,
    });
    const first = await dump(store.db);
    await importSeed(store.db, TEST_SEED, {
      now: 9_000_000,
      lockMinutes: 1440,
      hashParams: FAST_HASH,
      recordKey: RECORD_KEY,
    });
    expect(await dump(store.db)).toEqual(first);
    expect(first.afiliado).toHaveLength(3);
    expect(first.challenge).toHaveLength(6);
    await store.close();
  });

  it('updates record facts on re-import but keeps credentials a kiosk flow has written', async () => {
    const store = await openStore();
    await importSeed(store.db, TEST_SEED, {
      now: 1_000,
      lockMinutes: 1440,
      hashParams: FAST_HASH,
      recordKey: RECORD_KEY,
    });
    await store.db
      .updateTable('afiliado')
      .set({ password_hash: '$argon2id$flow', credentials_updated_at: 2_000 })
      .where('id', '=', '1710034065')
      .execute();
    const renamed = {
      ...TEST_SEED,
      afiliados: TEST_SEED.afiliados.map((a) => (a.id === '1710034065' ? { ...a, fullName: 'María F. Quishpe' } : a)),
    };
    await importSeed(store.db, renamed, {
      now: 3_000,
      lockMinutes: 1440,
      hashParams: FAST_HASH,
      recordKey: RECORD_KEY,
    });
    const row = await store.db
      .selectFrom('afiliado')
      .selectAll()
      .where('id', '=', '1710034065')
      .executeTakeFirstOrThrow();
    expect(row.full_name).toBe('María F. Quishpe');
    expect(row.password_hash).toBe('$argon2id$flow');
    await store.close();
  });

  it('keeps no plaintext password, PIN or security answer; secrets are argon2id m=19456,t=2,p=1, record answers keyed hashes', async () => {
    const store = await openStore();
    const maria = TEST_SEED.afiliados[0];
    if (!maria) throw new Error('fixture');
    const small = { ...TEST_SEED, afiliados: [maria] };
    await importSeed(store.db, small, { now: 1_000, lockMinutes: 1440, recordKey: RECORD_KEY }); // production parameters
    const everything = JSON.stringify(await dump(store.db));
    const secrets = [
      maria.password ?? '',
      ...(maria.securityAnswers ?? []).flatMap((s) => [s.answer, normalizeAnswer(s.answer)]),
      ...small.staff.map((s) => s.pin),
    ];
    for (const secret of secrets) expect(everything.toLowerCase()).not.toContain(secret.toLowerCase());
    const hashes = [
      ...(await store.db.selectFrom('afiliado').select('password_hash as h').execute()),
      ...(await store.db.selectFrom('security_answer').select('answer_hash as h').execute()),
      ...(await store.db.selectFrom('staff').select('pin_hash as h').execute()),
    ].map((r) => r.h);
    expect(hashes).toHaveLength(1 + 3 + 1);
    for (const h of hashes) expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,(p=1,t=2|t=2,p=1)\$/);
    // a record answer is one of 4 options shown on screen: HMAC under the central's key
    const records = await store.db.selectFrom('challenge').select(['answer_hash', 'options_json']).execute();
    expect(records).toHaveLength(3);
    for (const r of records) {
      const options = JSON.parse(r.options_json) as string[];
      const matching = options.filter((o) => recordAnswerHash(RECORD_KEY, normalizeAnswer(o)) === r.answer_hash);
      expect(matching).toHaveLength(1);
      // without the key, no option matches
      expect(options.some((o) => recordAnswerHash(Buffer.alloc(32, 6), normalizeAnswer(o)) === r.answer_hash)).toBe(
        false,
      );
    }
    await store.close();
  });

  it('the demo seed file is valid and has the documented people', async () => {
    const loaded = await loadSeedFile(DEMO);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const ids = loaded.seed.afiliados.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['1710034065', '1714307103', '0962467429']));
    expect(loaded.seed.afiliados.some((a) => a.idType === 'foreigner')).toBe(true);
    expect(loaded.seed.afiliados.some((a) => a.locked)).toBe(true);
    const cedulaCheck = (id: string) => {
      const d = [...id].map(Number);
      const sum = d.slice(0, 9).reduce((s, n, i) => s + (i % 2 === 0 ? (n * 2 > 9 ? n * 2 - 9 : n * 2) : n), 0);
      return (10 - (sum % 10)) % 10 === d[9];
    };
    for (const a of loaded.seed.afiliados.filter((x) => x.idType === 'cedula'))
      expect(cedulaCheck(a.id), a.id).toBe(true);
    for (const a of loaded.seed.afiliados) expect(a.challenges.length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(DEMO, 'utf8')).toContain('Comercial Andina S.A.');
  });

  it('rejects a malformed seed with the reasons', () => {
    const bad = parseSeed({ afiliados: [{ id: '1' }] });
    expect(bad.ok).toBe(false);
    const unknownQuestion = parseSeed({
      ...TEST_SEED,
      afiliados: [{ ...TEST_SEED.afiliados[0], securityAnswers: [{ questionId: 'q77', answer: 'x' }] }],
    });
    expect(unknownQuestion).toEqual({ ok: false, problems: ['afiliados.1710034065: unknown security question q77'] });
  });
});
