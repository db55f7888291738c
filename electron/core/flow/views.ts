import type { FlowKind, FlowView } from '../../contract/flow';
import { maskPhone } from '../../../domain/mask';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../domain/password/policy';
import type { FlowStep } from './context';
import { emailOnFile, maskedEmailOf } from './contact';
import { canGoBack } from './machine';
import { MIN_SECURITY_QUESTIONS } from './profile';
import { resendAvailableAt, resendsLeft } from './resend';
import { screenProgress } from './progress';

/**
 * What the renderer may see of the session: masked values only, never a token, a link, a
 * grant or a full identifier. The one value shown in full is the address the person has just
 * typed, on the screens where they check or correct it.
 */
export function viewOf(kind: FlowKind, at: FlowStep, hasOwnImage: boolean): FlowView {
  const base = {
    kind,
    progress: screenProgress(kind, at.screen, { hasOwnImage }, at.screen === 'locked' ? at.from : undefined),
    ...(canGoBack(kind, at.screen) ? { canGoBack: true as const } : {}),
  };
  switch (at.screen) {
    case 'identify':
    case 'employerIdentify':
    case 'declaration':
      return { ...base, screen: at.screen };
    case 'challenge':
      return {
        ...base,
        screen: 'challenge',
        questions: at.challenge.questions,
        attemptsLeft: at.challenge.attemptsLeft,
      };
    case 'confirmIdentity':
      return { ...base, screen: 'confirmIdentity', maskedName: at.verified.profile.maskedName };
    case 'securityQuestions':
      return { ...base, screen: 'securityQuestions', bank: at.bank, minimum: MIN_SECURITY_QUESTIONS };
    case 'securityImage':
      return at.mode === 'choose'
        ? { ...base, screen: 'securityImage', mode: 'choose', images: at.images }
        : {
            ...base,
            screen: 'securityImage',
            mode: 'pick',
            images: at.images,
            ...(at.attemptsLeft !== undefined ? { attemptsLeft: at.attemptsLeft } : {}),
          };
    case 'email': {
      const onFile = emailOnFile(at.verified.profile);
      if (onFile !== null)
        return { ...base, screen: 'email', mode: 'onFile', maskedEmail: onFile.masked, askPhone: false };
      // back from the confirm screen: the fields hold what the person typed
      const typed = at.contact?.registered ? at.contact : null;
      return {
        ...base,
        screen: 'email',
        mode: 'register',
        // trámite step 7: when generating by registering, the personal data bank also asks for phones
        askPhone: kind === 'generate',
        ...(typed
          ? {
              typed: {
                email: typed.email,
                ...(typed.mobile ? { mobile: typed.mobile } : {}),
                ...(typed.landline ? { landline: typed.landline } : {}),
              },
            }
          : {}),
      };
    }
    case 'confirmEmail':
      return {
        ...base,
        screen: 'confirmEmail',
        maskedEmail: maskedEmailOf(at.contact),
        // typed a moment ago: shown in full and large so a typo is seen before the mail goes out
        ...(at.contact.registered ? { email: at.contact.email } : {}),
        ...(at.contact.registered && at.contact.mobile ? { maskedMobile: maskPhone(at.contact.mobile) } : {}),
      };
    case 'activation':
      return {
        ...base,
        screen: 'activation',
        maskedEmail: maskedEmailOf(at.contact),
        provider: at.wait.provider,
        qrSvg: at.wait.qrSvg,
        expiresAt: at.wait.expiresAt,
        ttlSeconds: at.wait.ttlSeconds,
        expired: at.wait.expired,
        resendsLeft: resendsLeft(at.sends),
        resendAvailableAt: resendAvailableAt(at.sends, at.wait),
        ...(at.sms ? { sms: { ...at.sms } } : {}),
        ...(at.wait.mailNotSent ? { mailNotSent: true as const } : {}),
      };
    case 'password':
      return { ...base, screen: 'password', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX };
    case 'employerCode':
      return {
        ...base,
        screen: 'employerCode',
        maskedEmail: at.employer.maskedEmail,
        expiresAt: at.employer.codeExpiresAt,
        attemptsLeft: at.employer.attemptsLeft,
        resendsLeft: resendsLeft(at.sends),
        resendAvailableAt: resendAvailableAt(at.sends, { expiresAt: at.employer.codeExpiresAt }),
      };
    case 'done':
      // pending: the clave is queued and will be active in a few minutes (central unreachable)
      return { ...base, screen: 'done', finishedAt: at.finishedAt, ...(at.pending ? { pending: true } : {}) };
    case 'locked':
      return { ...base, screen: 'locked', ...(at.until !== undefined ? { until: at.until } : {}) };
  }
}
