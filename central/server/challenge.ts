import { z } from 'zod';
import type { ChallengeQuestion } from '../../domain/vocabulary';
import type { CentralDeps } from './deps';
import { CHALLENGE_TTL_MS } from './deps';
import { questionText, recordQuestionText } from './catalog';
import { randomId, shuffle } from './secrets';

/** What the central remembers of a drawn set: which record or security question each id means. */
const IssuedQuestion = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), id: z.string(), challengeRowId: z.string() }),
  z.object({ kind: z.literal('typed'), id: z.string() }),
]);
export const IssuedSet = z.array(IssuedQuestion);
export type IssuedSet = z.infer<typeof IssuedSet>;

const RECORD_QUESTIONS = 2;
const OWN_QUESTIONS = 2; // trámite step 4: when recovering, 2 record + 2 of the person's own

export type DrawnSet = { challengeId: string; questions: ChallengeQuestion[] };

const HOUR_MS = 60 * 60_000;
const MINUTE_MS = 60_000;

/**
 * Draws a fresh set (new questions where the person has more than two, options reshuffled, a new
 * single-use id) so a failed attempt teaches nothing about the next one. Draws are limited per
 * person and per kiosk; null when this one is over either limit.
 */
export async function drawChallengeSet(
  deps: CentralDeps,
  afiliadoId: string,
  intent: 'generate' | 'recover',
  kioskId: string,
): Promise<DrawnSet | null> {
  const records = await deps.db
    .selectFrom('challenge')
    .select(['id', 'question', 'options_json'])
    .where('afiliado_id', '=', afiliadoId)
    .execute();
  const own =
    intent === 'recover'
      ? await deps.db
          .selectFrom('security_answer')
          .select('question_id')
          .where('afiliado_id', '=', afiliadoId)
          .execute()
      : [];

  const questions: ChallengeQuestion[] = [];
  const issued: IssuedSet = [];
  shuffle(records)
    .slice(0, RECORD_QUESTIONS)
    .forEach((row, i) => {
      // opaque per-set ids: the kiosk learns nothing stable about the person's record rows
      const id = `r${i + 1}-${randomId().slice(0, 6)}`;
      const options = shuffle(z.array(z.string()).length(4).parse(JSON.parse(row.options_json)));
      questions.push({ kind: 'choice', id, text: recordQuestionText(row.question), options });
      issued.push({ kind: 'choice', id, challengeRowId: row.id });
    });
  for (const { question_id } of shuffle(own).slice(0, OWN_QUESTIONS)) {
    const text = questionText(question_id);
    if (!text) continue;
    questions.push({ kind: 'typed', id: question_id, text });
    issued.push({ kind: 'typed', id: question_id });
  }

  const challengeId = randomId();
  const now = deps.now();
  await deps.db
    .insertInto('challenge_set')
    .values({
      id: challengeId,
      afiliado_id: afiliadoId,
      intent,
      questions_json: JSON.stringify(issued),
      created_at: now,
      expires_at: now + CHALLENGE_TTL_MS,
      used_at: null,
      kiosk_id: kioskId,
    })
    .execute();
  if (!(await withinDrawLimits(deps, afiliadoId, kioskId, now))) {
    await deps.db.deleteFrom('challenge_set').where('id', '=', challengeId).execute();
    return null;
  }
  return { challengeId, questions };
}

/**
 * Counted after the insert, from the table itself: racing draws (on one central process or on
 * several sharing the database) each see the others' rows, so together they never pass the
 * limit; at worst all of the racing ones are refused.
 */
async function withinDrawLimits(deps: CentralDeps, afiliadoId: string, kioskId: string, now: number): Promise<boolean> {
  const { db } = deps;
  // sets older than the person's window count for nothing any more
  await db
    .deleteFrom('challenge_set')
    .where('created_at', '<=', now - HOUR_MS)
    .where('expires_at', '<=', now)
    .execute();
  const forPerson = await db
    .selectFrom('challenge_set')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('afiliado_id', '=', afiliadoId)
    .where('created_at', '>', now - HOUR_MS)
    .executeTakeFirstOrThrow();
  if (Number(forPerson.n) > deps.drawsPerPersonPerHour) return false;
  const forKiosk = await db
    .selectFrom('challenge_set')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('kiosk_id', '=', kioskId)
    .where('created_at', '>', now - MINUTE_MS)
    .executeTakeFirstOrThrow();
  return Number(forKiosk.n) <= deps.drawsPerKioskPerMinute;
}
