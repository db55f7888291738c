import type { FlowView } from '../../electron/contract/flow';
import type { Result } from '../../electron/contract/result';
import type { KioskSocket } from './kiosk-socket';

/** A person of the seed who recovers their clave with the email on file (DESIGN §5 seed shape). */
export type Recoverer = {
  id: string;
  birthDay: number;
  birthMonth: number;
  email: string;
  securityImage: string;
  challenges: ReadonlyArray<{ question: string; answer: string }>;
  securityAnswers: ReadonlyArray<{ questionId: string; answer: string }>;
};

export type ActivationMail = { text: string };

/** How a flow reaches the activation mail and the person's phone. */
export type Phone = {
  /** resolves when the SMTP server accepted the activation mail sent to `to` after `since` */
  activationMailAccepted: (to: string) => Promise<ActivationMail>;
};

export type RecoverTimings = {
  /** round trip of each call, by step name (session.start, identify, …, password) */
  steps: Record<string, number>;
  /** from sending ACEPTAR on the email confirmation to the SMTP server accepting the activation mail */
  activationMailMs: number;
  /** the flow's wall time without the phone (mail wait, link tap, the push back) */
  flowMs: number;
};

const ACTIVATION_LINK = /https?:\/\/\S+\/activar\/[A-Za-z0-9_-]+/;

/**
 * One whole Recuperar clave over the kiosk contract, as the renderer drives it: every call is
 * timed, and the activation mail is timed from the request to the SMTP server's acceptance,
 * whatever sends it (the kiosk core today, the central later): `activationMailAccepted` only
 * watches the SMTP server.
 */
export async function recoverOverSocket(
  socket: KioskSocket,
  person: Recoverer,
  phone: Phone,
  newClave: string,
): Promise<RecoverTimings> {
  const steps: Record<string, number> = {};
  const flowStart = performance.now();
  let phoneMs = 0;
  let activationMailMs = Number.NaN;
  const timed = async (name: string, call: () => Promise<Result<FlowView>>): Promise<FlowView> => {
    const start = performance.now();
    const result = await call();
    steps[name] = performance.now() - start;
    if (!result.ok) throw new Error(`${name}: ${result.error.code}`);
    return result.value;
  };
  const advance = (name: string, input: unknown) => timed(name, () => socket.call<FlowView>('session.advance', input));

  await timed('session.start', () => socket.call<FlowView>('session.start', { kind: 'recover' }));
  let view = await advance('identify', {
    step: 'identify',
    idType: 'cedula',
    id: person.id,
    presence: { trusted: true, via: 'pointer', elapsedMs: 1500 },
  });
  if (view.screen !== 'challenge') throw new Error(`identify led to ${view.screen}`);
  const answers = view.questions.map((q) => ({
    questionId: q.id,
    answer:
      (q.kind === 'choice'
        ? person.challenges.find((c) => c.question === q.text['es-EC'])?.answer
        : person.securityAnswers.find((s) => s.questionId === q.id)?.answer) ?? '',
  }));
  view = await advance('challenge', {
    step: 'challenge',
    birthDay: person.birthDay,
    birthMonth: person.birthMonth,
    answers,
  });
  for (let guard = 0; guard < 12 && view.screen !== 'done'; guard++) {
    switch (view.screen) {
      case 'confirmIdentity':
        view = await advance('confirmIdentity', { step: 'confirmIdentity' });
        break;
      case 'securityImage':
        view = await advance('securityImage', { step: 'securityImage', imageId: person.securityImage });
        break;
      case 'email':
        view = await advance('email', { step: 'email', mode: 'onFile' });
        break;
      case 'confirmEmail': {
        const start = performance.now();
        const accepted = phone.activationMailAccepted(person.email).then((mail) => {
          activationMailMs = performance.now() - start;
          return mail;
        });
        await advance('confirmEmail', { step: 'confirmEmail' });
        const phoneStart = performance.now();
        const mail = await accepted;
        const link = ACTIVATION_LINK.exec(mail.text)?.[0];
        if (!link) throw new Error('no activation link in the mail');
        const changed = socket.next<FlowView | null>('session.changed');
        // the link opens a page whose button confirms by POST (a mail scanner's GET confirms nothing)
        const tapped = await fetch(link, { method: 'POST' });
        await tapped.arrayBuffer();
        let next = await changed;
        for (let waits = 0; next?.screen === 'activation' && waits < 5; waits++)
          next = await socket.next<FlowView | null>('session.changed');
        if (!next) throw new Error('the session ended at activation');
        view = next;
        phoneMs += performance.now() - phoneStart;
        break;
      }
      case 'declaration':
        view = await advance('declaration', { step: 'declaration', accepted: true });
        break;
      case 'password':
        view = await advance('password', { step: 'password', password: newClave, repeat: newClave });
        break;
      default:
        throw new Error(`unexpected screen ${view.screen}`);
    }
  }
  if (view.screen !== 'done') throw new Error(`the flow ended on ${view.screen}`);
  const ended = await socket.call<{ ended: boolean }>('session.cancel', { reason: 'finish' });
  if (!ended.ok) throw new Error(`FINALIZAR: ${ended.error.code}`);
  return { steps, activationMailMs, flowMs: performance.now() - flowStart - phoneMs };
}
