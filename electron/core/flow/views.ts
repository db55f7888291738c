import type { FlowView } from '../../contract/flow';
import { maskPhone } from '../../../domain/mask';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../domain/password/policy';
import type { SessionData } from './context';
import { emailOnFile, maskedEmailOf } from './contact';
import { MIN_SECURITY_QUESTIONS } from './profile';
import { resendAvailableAt, resendsLeft } from './resend';
import { screenProgress } from './progress';

/**
 * What the renderer may see of the session: masked values only, never a token, a link, a
 * grant or a full identifier. Null when the session holds too little to draw the screen
 * (a bug, reported as `internal`).
 */
export function viewOf(s: SessionData): FlowView | null {
  const base = {
    kind: s.kind,
    progress: screenProgress(s.kind, s.state, { hasOwnImage: (s.images?.length ?? 0) > 0 }, s.locked?.from),
  };
  switch (s.state) {
    case 'identify':
    case 'employerIdentify':
    case 'declaration':
      return { ...base, screen: s.state };
    case 'challenge':
      return s.challenge
        ? { ...base, screen: 'challenge', questions: s.challenge.questions, attemptsLeft: s.challenge.attemptsLeft }
        : null;
    case 'confirmIdentity':
      return s.profile ? { ...base, screen: 'confirmIdentity', maskedName: s.profile.maskedName } : null;
    case 'securityQuestions':
      return s.bank ? { ...base, screen: 'securityQuestions', bank: s.bank, minimum: MIN_SECURITY_QUESTIONS } : null;
    case 'securityImage': {
      if (!s.images) return null;
      const mode = s.kind === 'generate' ? 'choose' : 'pick';
      return {
        ...base,
        screen: 'securityImage',
        mode,
        images: s.images,
        ...(s.imageAttemptsLeft !== undefined ? { attemptsLeft: s.imageAttemptsLeft } : {}),
      };
    }
    case 'email': {
      const onFile = emailOnFile(s.profile);
      // trámite step 7: when generating by registering, the personal data bank also asks for phones
      return onFile !== null
        ? { ...base, screen: 'email', mode: 'onFile', maskedEmail: onFile.masked, askPhone: false }
        : { ...base, screen: 'email', mode: 'register', askPhone: s.kind === 'generate' };
    }
    case 'confirmEmail':
      return s.contact
        ? {
            ...base,
            screen: 'confirmEmail',
            maskedEmail: maskedEmailOf(s.contact),
            ...(s.contact.registered && s.contact.mobile ? { maskedMobile: maskPhone(s.contact.mobile) } : {}),
          }
        : null;
    case 'activation': {
      const wait = s.activation;
      if (!wait || !s.contact) return null;
      return {
        ...base,
        screen: 'activation',
        maskedEmail: maskedEmailOf(s.contact),
        provider: wait.provider,
        qrSvg: wait.qrSvg,
        expiresAt: wait.expiresAt,
        ttlSeconds: wait.ttlSeconds,
        expired: wait.expired,
        resendsLeft: resendsLeft(s),
        resendAvailableAt: resendAvailableAt(s),
      };
    }
    case 'password':
      return { ...base, screen: 'password', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX };
    case 'employerCode': {
      const employer = s.employer;
      if (!employer) return null;
      return {
        ...base,
        screen: 'employerCode',
        maskedEmail: employer.maskedEmail,
        expiresAt: employer.codeExpiresAt,
        attemptsLeft: employer.attemptsLeft,
        resendsLeft: resendsLeft(s),
        resendAvailableAt: resendAvailableAt(s),
      };
    }
    case 'done':
      // pending: the clave is queued and will be active in a few minutes (central unreachable)
      return {
        ...base,
        screen: 'done',
        finishedAt: s.finishedAt ?? s.startedAt,
        ...(s.deliveryPending ? { pending: true } : {}),
      };
    case 'locked':
      return { ...base, screen: 'locked', ...(s.locked?.until !== undefined ? { until: s.locked.until } : {}) };
  }
}
