import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowView } from '../../../electron/contract';
import { setLocale, t } from '../i18n/locale.svelte';
import { screenSpeech, screenWords } from './script';

const progress = { step: 3, total: 12 };
const name = 'María Fernanda Quishpe Toapanta';
const masked = 'm***a@e******.com';
const mobile = '099****567';

/** One view of every screen, carrying personal values wherever the view has them. */
const views: Array<{ file: string; view: FlowView | null }> = [
  { file: 'Welcome', view: null },
  { file: 'Identify', view: { kind: 'generate', progress, screen: 'identify' } },
  { file: 'EmployerIdentify', view: { kind: 'employer', progress, screen: 'employerIdentify' } },
  { file: 'Challenge', view: { kind: 'recover', progress, screen: 'challenge', questions: [], attemptsLeft: 4 } },
  { file: 'ConfirmIdentity', view: { kind: 'recover', progress, screen: 'confirmIdentity', maskedName: name } },
  {
    file: 'SecurityQuestions',
    view: { kind: 'generate', progress, screen: 'securityQuestions', bank: [], minimum: 3 },
  },
  {
    file: 'SecurityImage',
    view: { kind: 'recover', progress, screen: 'securityImage', mode: 'pick', images: ['condor'] },
  },
  {
    file: 'EmailEntry',
    view: { kind: 'recover', progress, screen: 'email', mode: 'onFile', maskedEmail: masked, askPhone: false },
  },
  {
    file: 'ConfirmEmail',
    view: { kind: 'generate', progress, screen: 'confirmEmail', maskedEmail: masked, maskedMobile: mobile },
  },
  {
    file: 'ActivationWait',
    view: {
      kind: 'generate',
      progress,
      screen: 'activation',
      maskedEmail: masked,
      provider: 'gmail',
      qrSvg: '<svg/>',
      expiresAt: 0,
      ttlSeconds: 180,
      expired: false,
      resendsLeft: 2,
      resendAvailableAt: 0,
    },
  },
  {
    file: 'SmsCode',
    view: {
      kind: 'recover',
      progress,
      screen: 'activation',
      maskedEmail: masked,
      provider: 'gmail',
      qrSvg: '<svg/>',
      expiresAt: 0,
      ttlSeconds: 180,
      expired: false,
      resendsLeft: 2,
      resendAvailableAt: 0,
      sms: {
        phase: 'code',
        maskedMobile: mobile,
        expiresAt: 0,
        expired: false,
        resendAvailableAt: 0,
        sendsLeft: 2,
        attemptsLeft: 5,
      },
    },
  },
  { file: 'Declaration', view: { kind: 'generate', progress, screen: 'declaration' } },
  { file: 'NewPassword', view: { kind: 'generate', progress, screen: 'password', minLength: 8, maxLength: 15 } },
  {
    file: 'EmployerCode',
    view: {
      kind: 'employer',
      progress,
      screen: 'employerCode',
      maskedEmail: masked,
      expiresAt: 0,
      attemptsLeft: 5,
      resendsLeft: 2,
      resendAvailableAt: 0,
    },
  },
  { file: 'Done', view: { kind: 'generate', progress, screen: 'done', finishedAt: 0 } },
  { file: 'Locked', view: { kind: 'recover', progress, screen: 'locked', until: 0 } },
];

describe('what "Escuchar" says for each screen', () => {
  for (const locale of ['es-EC', 'en'] as const) {
    for (const { file, view } of views) {
      it(`${file} (${locale}): its visible title and instruction, and nothing personal`, () => {
        setLocale(locale);
        const words = screenWords(view);
        const source = readFileSync(resolve(import.meta.dirname, `../../screens/${file}.svelte`), 'utf8');
        // the screen shows exactly these keys: as its heading and as its instruction
        expect(source).toMatch(new RegExp(`<h1>\\{t\\([^)]*'${words.title.replace('.', '\\.')}'`));
        expect(source).toContain(`'${words.instruction}'`);
        const spoken = `${t(words.title, words.params)}. ${t(words.instruction, words.params)}`;
        expect(spoken.length).toBeGreaterThan(10);
        expect(spoken).not.toMatch(/\{\w+\}/);
        for (const personal of [name, masked, mobile, 'Quishpe', '567']) expect(spoken).not.toContain(personal);
      });
    }
  }
});

describe('personal values: only through headphones', () => {
  const personal = [name, masked, mobile, 'Quishpe', 'María', '567', 'arroba', 'dot com', 'oculto', 'hidden'];
  for (const locale of ['es-EC', 'en'] as const) {
    it(`on the speaker no screen says a personal value, masked or not (${locale})`, () => {
      setLocale(locale);
      for (const { file, view } of views) {
        const spoken = screenSpeech(view, 'speaker').join('. ');
        for (const value of personal) expect(spoken, file).not.toContain(value);
      }
    });

    it(`with headphones the identity confirm says the name, and the email screens the masked email (${locale})`, () => {
      setLocale(locale);
      const confirm = views.find((v) => v.file === 'ConfirmIdentity')!.view;
      const spoken = screenSpeech(confirm, 'headphones').join('. ');
      expect(spoken).toContain(name);
      expect(spoken).toContain(t('confirmIdentity.title'));
      const email = screenSpeech(views.find((v) => v.file === 'ConfirmEmail')!.view, 'headphones').join('. ');
      // said as words, never "asterisk": m, hidden, a, at, e, hidden, dot, com
      expect(email).toContain(
        `m ${t('speech.hidden')} a ${t('speech.at')} e ${t('speech.hidden')} ${t('speech.dot')} com`,
      );
      expect(email).not.toContain('*');
      // the phone number is not needed to confirm who one is: never said
      expect(email).not.toContain(mobile);
      // screens without a personal value say the same on both routes
      for (const { view } of views.filter((v) => ['Identify', 'Challenge', 'NewPassword', 'Done'].includes(v.file))) {
        expect(screenSpeech(view, 'headphones')).toEqual(screenSpeech(view, 'speaker'));
      }
    });
  }
});
