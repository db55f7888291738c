import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { CentralDatabase } from '../../db/central/schema';
import type { LocalText, SecurityQuestion } from '../../domain/vocabulary';
import { Catalogs, type StaffCredential } from '../contract';
import { hashParamsOf, sha256 } from './secrets';
import { offlineKeyFor, pinVerifierOf } from './staff-offline';

/** Trámite step 6: the bank of 10 security questions the person chooses ≥3 from. */
export const SECURITY_QUESTIONS: SecurityQuestion[] = [
  {
    id: 'q01',
    text: { 'es-EC': '¿Cuál es el nombre de su primera mascota?', en: 'What was the name of your first pet?' },
  },
  { id: 'q02', text: { 'es-EC': '¿En qué ciudad nació su madre?', en: 'In which city was your mother born?' } },
  {
    id: 'q03',
    text: { 'es-EC': '¿Cómo se llamaba su escuela primaria?', en: 'What was the name of your primary school?' },
  },
  { id: 'q04', text: { 'es-EC': '¿Cuál es el segundo nombre de su padre?', en: "What is your father's middle name?" } },
  {
    id: 'q05',
    text: { 'es-EC': '¿Cuál era el apodo que le decían de niño?', en: 'What was your nickname as a child?' },
  },
  {
    id: 'q06',
    text: {
      'es-EC': '¿Cómo se llamaba su mejor amigo de la infancia?',
      en: 'What was the name of your best childhood friend?',
    },
  },
  {
    id: 'q07',
    text: { 'es-EC': '¿En qué barrio vivía cuando era niño?', en: 'In which neighbourhood did you live as a child?' },
  },
  { id: 'q08', text: { 'es-EC': '¿Cuál es su comida favorita?', en: 'What is your favourite food?' } },
  { id: 'q09', text: { 'es-EC': '¿Cómo se llamaba su primer jefe?', en: 'What was the name of your first boss?' } },
  {
    id: 'q10',
    text: { 'es-EC': '¿A qué ciudad fue en su primer viaje?', en: 'Which city did you visit on your first trip?' },
  },
];

/**
 * The record questions IESS asks from a person's history, with their English wording. A record
 * row holds its question in Spanish, as the records do; a question not listed here is shown in
 * Spanish on an English screen too (better than a guessed translation of a question about money
 * and employers).
 */
const RECORD_QUESTIONS_EN: Readonly<Record<string, string>> = {
  '¿En qué año realizó su primer aporte al IESS?': 'In which year did you make your first IESS contribution?',
  '¿Cuál fue su primer empleador?': 'Who was your first employer?',
  '¿Cuál fue su primer empleador en Ecuador?': 'Who was your first employer in Ecuador?',
  '¿En qué provincia se afilió al IESS?': 'In which province did you join the IESS?',
  '¿En qué provincia se afilió por primera vez?': 'In which province did you first join?',
  '¿En qué año se afilió al IESS?': 'In which year did you join the IESS?',
  '¿Cuál fue su último empleador?': 'Who was your last employer?',
};

export function recordQuestionText(question: string): LocalText {
  const en = RECORD_QUESTIONS_EN[question.trim()];
  return en ? { 'es-EC': question, en } : { 'es-EC': question };
}

/** Ecuadorian motifs; the renderer draws each id and names it, so these ids are fixed. */
export const SECURITY_IMAGES = [
  'llama',
  'volcan',
  'colibri',
  'tortuga',
  'condor',
  'cacao',
  'sombrero',
  'canoa',
  'orquidea',
  'guitarra',
  'mazorca',
  'faro',
] as const;

export type Office = { id: string; name: string };
export const DEFAULT_OFFICE: Office = { id: 'UIO-01', name: 'IESS Quito Centro' };

export type CatalogPayload = { catalogs: z.infer<typeof Catalogs>; etag: string };
export type StaffEntry = z.infer<typeof StaffCredential>;

/**
 * The version and the ETag are both the hash of the content, so they change only with it; staff
 * are part of the content, so a new PIN or a removed supervisor reaches every kiosk's next 200.
 */
export function buildCatalogs(office: Office, staff: StaffEntry[] = [], sealKey?: string): CatalogPayload {
  const content = {
    securityQuestions: SECURITY_QUESTIONS,
    securityImages: [...SECURITY_IMAGES],
    office,
    staff,
    ...(sealKey ? { sealKey } : {}),
  };
  const version = sha256(JSON.stringify(content)).slice(0, 16);
  const catalogs = Catalogs.parse({ version, ...content });
  return { catalogs, etag: `"${sha256(JSON.stringify(catalogs))}"` };
}

/**
 * Every staff member of the reference central (it serves one office), in a stable order, with
 * what `kioskId` may cache to check their PIN offline: a verifier keyed for that kiosk alone,
 * never the PIN's hash. A stored hash the kiosk could not check (parameters out of bounds) is
 * left out: that member unlocks online only.
 */
export async function staffForCatalogs(
  db: Kysely<CentralDatabase>,
  staffOfflineKey: Buffer,
  kioskId: string,
): Promise<StaffEntry[]> {
  const rows = await db.selectFrom('staff').select(['id', 'name', 'role', 'pin_hash']).orderBy('id').execute();
  const key = offlineKeyFor(staffOfflineKey, kioskId);
  return rows.flatMap((r) => {
    const pinVerifier = hashParamsOf(r.pin_hash) ? pinVerifierOf(key, r.pin_hash) : null;
    return pinVerifier ? [{ id: r.id, name: r.name, role: r.role, pinVerifier }] : [];
  });
}

export function questionText(id: string): SecurityQuestion['text'] | undefined {
  return SECURITY_QUESTIONS.find((q) => q.id === id)?.text;
}
