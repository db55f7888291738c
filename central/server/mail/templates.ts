import { COLORS, escapeHtml, isWebLink, layout, paragraph } from './html';

/** The mails of the trámite, in Spanish as the IESS sends them (DESIGN §2, §5). */
export type RenderedMail = { subject: string; text: string; html: string };

const FOOTER_TEXT = 'Este es un mensaje automático del IESS; no responda a este correo.';

function minutesText(minutes: number): string {
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
}

/**
 * Trámite step 9 → 10: subject and button text are verbatim (DESIGN §5: "ACTIVACIÓN CLAVE",
 * "CLIC PARA CONTINUAR"). The link must be a web link; anything else is a programming error
 * (the central builds it), refused loudly rather than mailed as a clickable script.
 */
export function activationEmail(input: { link: string; ttlSeconds: number; fullNameMasked?: string }): RenderedMail {
  if (!isWebLink(input.link)) throw new RangeError('activationEmail: the link must be an http(s) URL');
  const minutes = minutesText(Math.max(1, Math.ceil(input.ttlSeconds / 60)));
  const greeting = input.fullNameMasked ? `Estimado/a ${input.fullNameMasked}:` : 'Estimado/a afiliado/a:';
  const href = escapeHtml(input.link);
  const button =
    `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px auto 24px;"><tr>` +
    `<td align="center" style="background:${COLORS.green};border-radius:8px;">` +
    `<a href="${href}" style="display:inline-block;padding:18px 36px;font-size:20px;font-weight:bold;color:#ffffff;text-decoration:none;letter-spacing:1px;">CLIC PARA CONTINUAR</a>` +
    `</td></tr></table>`;
  const html = layout(
    'ACTIVACIÓN CLAVE',
    [
      paragraph(escapeHtml(greeting)),
      paragraph('Para continuar con la generación o recuperación de su clave del IESS, pulse el botón:'),
      button,
      paragraph(`<strong>El enlace es válido por ${minutes}</strong> y se puede usar una sola vez.`),
      paragraph('Si usted no solicitó este trámite, puede ignorar este correo: su clave no cambiará.'),
    ].join('\n'),
  );
  const text = [
    greeting,
    '',
    'Para continuar con la generación o recuperación de su clave del IESS, abra este enlace:',
    '',
    input.link,
    '',
    `El enlace es válido por ${minutes} y se puede usar una sola vez.`,
    'Si usted no solicitó este trámite, puede ignorar este correo: su clave no cambiará.',
    '',
    FOOTER_TEXT,
  ].join('\n');
  return { subject: 'ACTIVACIÓN CLAVE', text, html };
}

/** Ecuador's time, however the kiosk's clock zone is set. */
export function formatEcuadorTime(when: Date): string {
  const formatted = new Intl.DateTimeFormat('es-EC', {
    timeZone: 'America/Guayaquil',
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(when);
  return `${formatted} (hora de Ecuador)`;
}

/** Trámite step 12: "a notification email confirms the change" — says when, where, and what to do. */
export function passwordChangedEmail(input: { when: Date; officeName: string; kioskId: string }): RenderedMail {
  const when = formatEcuadorTime(input.when);
  const where = `${input.officeName}, kiosco ${input.kioskId}`;
  const notYou =
    'Si usted no realizó este cambio, acérquese de inmediato a una oficina del IESS con su cédula para bloquear su clave y generar una nueva.';
  const html = layout(
    'Su clave del IESS fue cambiada',
    [
      paragraph('Le informamos que su clave del IESS fue cambiada.'),
      paragraph(`<strong>Cuándo:</strong> ${escapeHtml(when)}<br><strong>Dónde:</strong> ${escapeHtml(where)}`),
      paragraph(notYou),
    ].join('\n'),
  );
  const text = [
    'Le informamos que su clave del IESS fue cambiada.',
    '',
    `Cuándo: ${when}`,
    `Dónde: ${where}`,
    '',
    notYou,
    '',
    FOOTER_TEXT,
  ].join('\n');
  return { subject: 'Su clave del IESS fue cambiada', text, html };
}

/** Employer flow: the 6-digit code to the registered corporate address (DESIGN §2). */
export function employerCodeEmail(input: { code: string; employerName: string; ttlMinutes: number }): RenderedMail {
  const minutes = minutesText(input.ttlMinutes);
  const intro = `Para recuperar la clave de empleador de ${input.employerName}, ingrese este código en el kiosco:`;
  const ignore = 'Si nadie de su empresa lo solicitó, ignore este correo y no comparta el código.';
  const html = layout(
    'CÓDIGO DE CONFIRMACIÓN',
    [
      paragraph(escapeHtml(intro)),
      `<p style="margin:8px 0 24px;text-align:center;font-family:'Courier New',monospace;font-size:40px;font-weight:bold;letter-spacing:10px;color:${COLORS.navy};">${escapeHtml(input.code)}</p>`,
      paragraph(`<strong>El código es válido por ${minutes}.</strong>`),
      paragraph(escapeHtml(ignore)),
    ].join('\n'),
  );
  const text = [intro, '', input.code, '', `El código es válido por ${minutes}.`, ignore, '', FOOTER_TEXT].join('\n');
  return { subject: 'CÓDIGO DE CONFIRMACIÓN', text, html };
}

/** Why a clave sent from a kiosk was refused, as the person can act on it. */
const NOT_CHANGED_REASONS: Record<string, string> = {
  grant_invalid: 'El trámite llegó a nuestro sistema después de que su validación había caducado.',
  password_policy: 'La clave elegida no cumple las reglas de seguridad del IESS.',
  activation_pending: 'Su correo electrónico no llegó a confirmarse.',
  activation_expired: 'El enlace de confirmación de su correo caducó antes de completar el trámite.',
};
const NOT_CHANGED_DEFAULT = 'El trámite no pudo completarse en nuestro sistema.';

/**
 * A clave the kiosk said was on its way, refused by the central after the person left: they must
 * not believe the new clave works. Says so plainly, why in a sentence, and what to do.
 */
export function claveNotChangedEmail(input: {
  when: Date;
  officeName: string;
  kioskId: string;
  reason: string;
}): RenderedMail {
  const when = formatEcuadorTime(input.when);
  const where = `${input.officeName}, kiosco ${input.kioskId}`;
  const why = NOT_CHANGED_REASONS[input.reason] ?? NOT_CHANGED_DEFAULT;
  const what =
    'Su clave anterior sigue vigente, si la tenía. Para tener una clave nueva, vuelva a hacer el trámite en un kiosco del IESS o en el portal; si necesita ayuda, acérquese a una oficina del IESS con su cédula.';
  const title = 'Su clave del IESS NO fue cambiada';
  const html = layout(
    title,
    [
      paragraph('Le informamos que la clave que eligió en el kiosco <strong>NO fue registrada</strong>.'),
      paragraph(escapeHtml(why)),
      paragraph(`<strong>Cuándo:</strong> ${escapeHtml(when)}<br><strong>Dónde:</strong> ${escapeHtml(where)}`),
      paragraph(escapeHtml(what)),
    ].join('\n'),
  );
  const text = [
    'Le informamos que la clave que eligió en el kiosco NO fue registrada.',
    why,
    '',
    `Cuándo: ${when}`,
    `Dónde: ${where}`,
    '',
    what,
    '',
    FOOTER_TEXT,
  ].join('\n');
  return { subject: title, text, html };
}

/** The technician's test message: fixed text, naming only the kiosk the central authenticated. */
export function testEmail(input: { kioskId: string; when: Date }): RenderedMail {
  const line = `Prueba de correo pedida por un técnico desde el kiosco ${input.kioskId}, ${formatEcuadorTime(input.when)}.`;
  const ok = 'Si usted recibió este mensaje, el correo del IESS funciona. No necesita hacer nada.';
  const html = layout('PRUEBA DE CORREO', [paragraph(escapeHtml(line)), paragraph(escapeHtml(ok))].join('\n'));
  const text = [line, '', ok, '', FOOTER_TEXT].join('\n');
  return { subject: 'PRUEBA DE CORREO', text, html };
}
