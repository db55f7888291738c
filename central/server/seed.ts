import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import { SeedFile } from '../contract';
import { normalizeAnswer } from '../normalize';
import { questionText } from './catalog';
import { DEFAULT_HASH_PARAMS, hashSecret, verifySecret, type HashParams } from './secrets';

export type SeedOptions = { now: number; lockMinutes: number; hashParams?: HashParams };
export type SeedLoad = { ok: true; seed: SeedFile } | { ok: false; problems: string[] };
export type SeedReport = { afiliados: number; employers: number; staff: number };

type Afiliado = SeedFile['afiliados'][number];

/** Reads and validates a seed file (DESIGN §5). Its content is hashed on import, never copied. */
export async function loadSeedFile(path: string): Promise<SeedLoad> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`${path}: ${error instanceof Error ? error.message : 'unreadable'}`] };
  }
  return parseSeed(raw);
}

export function parseSeed(raw: unknown): SeedLoad {
  const parsed = SeedFile.safeParse(raw);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const problems = parsed.data.afiliados.flatMap((a) =>
    (a.securityAnswers ?? [])
      .filter((s) => !questionText(s.questionId))
      .map((s) => `afiliados.${a.id}: unknown security question ${s.questionId}`),
  );
  return problems.length ? { ok: false, problems } : { ok: true, seed: parsed.data };
}

/**
 * Keeps a stored hash when it still verifies the seed's plain value; hashing again would write a
 * new salt, and an import run twice must change nothing.
 */
async function keepOrHash(stored: string | null | undefined, plain: string, params: HashParams): Promise<string> {
  if (stored && (await verifySecret(stored, plain))) return stored;
  return hashSecret(plain, params);
}

/**
 * Upserts the seed by id. Facts of the record follow the file; secrets are argon2id-hashed (answers
 * normalised first); attempt counters are set only when a person is first inserted, and credentials
 * a kiosk flow has since written are left as they are.
 */
export async function importSeed(
  db: Kysely<CentralDatabase>,
  seed: SeedFile,
  options: SeedOptions,
): Promise<SeedReport> {
  const params = options.hashParams ?? DEFAULT_HASH_PARAMS;
  for (const person of seed.afiliados) await importAfiliado(db, person, options, params);

  for (const e of seed.employers) {
    const existing = await db
      .selectFrom('employer')
      .selectAll()
      .where('ruc', '=', e.ruc)
      .where('branch', '=', e.branch)
      .executeTakeFirst();
    const facts = { legal_rep_id: e.legalRepId, name: e.name, email: e.email };
    if (!existing) {
      await db
        .insertInto('employer')
        .values({
          ruc: e.ruc,
          branch: e.branch,
          ...facts,
          has_password: e.hasPassword ? 1 : 0,
          password_hash: null,
          credentials_updated_at: null,
        })
        .execute();
    } else {
      const hasPassword = existing.credentials_updated_at !== null ? existing.has_password : e.hasPassword ? 1 : 0;
      await db
        .updateTable('employer')
        .set({ ...facts, has_password: hasPassword })
        .where('ruc', '=', e.ruc)
        .where('branch', '=', e.branch)
        .execute();
    }
  }

  for (const s of seed.staff) {
    const existing = await db.selectFrom('staff').select('pin_hash').where('id', '=', s.id).executeTakeFirst();
    const pinHash = await keepOrHash(existing?.pin_hash, s.pin, params);
    await db
      .insertInto('staff')
      .values({ id: s.id, name: s.name, role: s.role, pin_hash: pinHash })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: s.name, role: s.role, pin_hash: pinHash }))
      .execute();
  }
  return { afiliados: seed.afiliados.length, employers: seed.employers.length, staff: seed.staff.length };
}

async function importAfiliado(
  db: Kysely<CentralDatabase>,
  a: Afiliado,
  options: SeedOptions,
  params: HashParams,
): Promise<void> {
  const existing = await db.selectFrom('afiliado').selectAll().where('id', '=', a.id).executeTakeFirst();
  const flowOwnsCredentials = existing?.credentials_updated_at != null;

  const storedChallenges = await db.selectFrom('challenge').selectAll().where('afiliado_id', '=', a.id).execute();
  const challenges = await Promise.all(
    a.challenges.map(async (ch, i) => {
      const id = `${a.id}:c${i + 1}`;
      const stored = storedChallenges.find((s) => s.id === id);
      // the four options in a fixed, sorted order: the stored position says nothing about the answer
      const options = JSON.stringify([ch.answer, ...ch.distractors].sort());
      return {
        id,
        afiliado_id: a.id,
        position: i + 1,
        question: ch.question,
        options_json: options,
        answer_hash: await keepOrHash(stored?.answer_hash, normalizeAnswer(ch.answer), params),
      };
    }),
  );

  const storedAnswers = await db.selectFrom('security_answer').selectAll().where('afiliado_id', '=', a.id).execute();
  const answers = flowOwnsCredentials
    ? null
    : await Promise.all(
        (a.securityAnswers ?? []).map(async (s) => ({
          afiliado_id: a.id,
          question_id: s.questionId,
          answer_hash: await keepOrHash(
            storedAnswers.find((x) => x.question_id === s.questionId)?.answer_hash,
            normalizeAnswer(s.answer),
            params,
          ),
        })),
      );
  const passwordHash = flowOwnsCredentials
    ? (existing?.password_hash ?? null)
    : a.password
      ? await keepOrHash(existing?.password_hash, a.password, params)
      : null;

  const facts = {
    id_type: a.idType,
    full_name: a.fullName,
    birth_date: a.birthDate,
    data_updated_in_person: a.dataUpdatedInPerson ? 1 : 0,
  };
  const credentials = flowOwnsCredentials
    ? {}
    : {
        email: a.email,
        has_password: a.hasPassword || a.password !== undefined ? 1 : 0,
        password_hash: passwordHash,
        security_image: a.securityImage,
        ...(a.mobile !== undefined ? { mobile: a.mobile } : {}),
      };

  await db.transaction().execute(async (trx) => {
    if (!existing) {
      const locked = a.locked === true;
      await trx
        .insertInto('afiliado')
        .values({
          id: a.id,
          ...facts,
          email: a.email,
          has_password: a.hasPassword || a.password !== undefined ? 1 : 0,
          password_hash: passwordHash,
          security_image: a.securityImage,
          mobile: a.mobile ?? null,
          landline: null,
          failed_attempts: locked ? 5 : 0,
          locked_until: locked ? options.now + options.lockMinutes * 60_000 : null,
          credentials_updated_at: null,
        })
        .execute();
    } else {
      await trx
        .updateTable('afiliado')
        .set({ ...facts, ...credentials })
        .where('id', '=', a.id)
        .execute();
    }
    await trx
      .deleteFrom('challenge')
      .where('afiliado_id', '=', a.id)
      .where('id', 'not in', challenges.length ? challenges.map((c) => c.id) : [''])
      .execute();
    for (const ch of challenges) {
      await trx
        .insertInto('challenge')
        .values(ch)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            question: ch.question,
            options_json: ch.options_json,
            answer_hash: ch.answer_hash,
            position: ch.position,
          }),
        )
        .execute();
    }
    if (answers) {
      await trx.deleteFrom('security_answer').where('afiliado_id', '=', a.id).execute();
      if (answers.length) await trx.insertInto('security_answer').values(answers).execute();
    }
  });
}
