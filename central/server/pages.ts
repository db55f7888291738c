import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Pages a person opens on their phone from the email. Self-contained on purpose: no external
 * resources (nothing learns that this person is activating a clave), no referrer (the token is
 * in the URL), never cached (a shared phone's history must not replay it).
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export type PageTone = 'ok' | 'problem' | 'neutral';

const COLORS: Record<PageTone, string> = { ok: '#1b6e3a', problem: '#a4260b', neutral: '#1f3b73' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The page that only offers the confirming button: a form posting back to this very address.
 * Its own CSP allows that one form target and nothing else.
 */
export const CONFIRM_PAGE_HEADERS: Record<string, string> = {
  ...PAGE_HEADERS,
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

export function renderPage(title: string, paragraphs: string[], tone: PageTone, button?: string): string {
  const form = button
    ? `\n    <form method="post"><button type="submit" style="font-size:1.3rem;font-weight:700;padding:1rem 2rem;background:#007a3d;color:#fff;border:0;border-radius:8px;width:100%">${escapeHtml(button)}</button></form>`
    : '';
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n    ') + form;
  return `<!doctype html>
<html lang="es">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${escapeHtml(title)} · IESS</title>
  <style>
    body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6fa; color: #1a1a1a; }
    main { max-width: 28rem; margin: 0 auto; padding: 2rem 1.25rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.5rem; border-top: 6px solid ${COLORS[tone]}; }
    h1 { font-size: 1.5rem; color: ${COLORS[tone]}; margin-top: 0; }
    p, li { font-size: 1.15rem; line-height: 1.5; }
    .brand { font-weight: 700; color: #1f3b73; margin-bottom: 1rem; }
  </style>
</head>
<body>
  <main>
    <div class="brand">IESS · Clave del afiliado</div>
    <div class="card">
    <h1>${escapeHtml(title)}</h1>
    ${body}
    </div>
  </main>
</body>
</html>`;
}

export function sendPage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  paragraphs: string[],
  tone: PageTone,
): Response {
  return c.body(renderPage(title, paragraphs, tone), status, PAGE_HEADERS);
}

/** The activation page's outcomes (trámite step 10: expired or reused links get a clear page). */
export const ACTIVATION_PAGES = {
  confirmed: {
    status: 200,
    tone: 'ok',
    title: 'Correo confirmado',
    text: ['Correo confirmado. Regrese al kiosco para continuar.'],
  },
  // a GET or HEAD (what a mail scanner does) only shows this: the person's tap is the POST
  ready: {
    status: 200,
    tone: 'neutral',
    title: 'ACTIVACIÓN CLAVE',
    text: ['Para confirmar su correo y continuar en el kiosco, pulse el botón.'],
  },
  expired: {
    status: 410,
    tone: 'problem',
    title: 'Enlace vencido',
    text: [
      'Este enlace ya no es válido: pasó el tiempo para usarlo.',
      'Regrese al kiosco y pida que le envíen un correo nuevo.',
    ],
  },
  replaced: {
    status: 410,
    tone: 'problem',
    title: 'Enlace reemplazado',
    text: [
      'Se envió un correo más reciente y este enlace ya no es válido.',
      'Abra el último correo "ACTIVACIÓN CLAVE" que recibió.',
    ],
  },
  used: {
    status: 409,
    tone: 'neutral',
    title: 'Enlace ya utilizado',
    text: ['Este enlace ya fue utilizado y su correo ya está confirmado.', 'Si está en el kiosco, continúe allí.'],
  },
  unknown: {
    status: 404,
    tone: 'problem',
    title: 'Enlace no válido',
    text: [
      'No reconocemos este enlace. Revise que lo abrió desde el correo "ACTIVACIÓN CLAVE" del IESS.',
      'Si el problema sigue, pida ayuda en el kiosco.',
    ],
  },
} as const satisfies Record<
  string,
  { status: ContentfulStatusCode; tone: PageTone; title: string; text: readonly string[] }
>;

export const EMAIL_HELP = {
  title: 'Cómo abrir su correo en el teléfono',
  text: [
    'Para continuar en el kiosco necesita abrir el correo "ACTIVACIÓN CLAVE" que le enviamos.',
    '1. Abra la aplicación de correo de su teléfono (por ejemplo Gmail, Outlook o la aplicación "Correo"), o el sitio web de su proveedor de correo en el navegador.',
    '2. Ingrese con su dirección de correo y su contraseña, si se lo pide.',
    '3. Busque el mensaje "ACTIVACIÓN CLAVE" del IESS. Si no está en la bandeja de entrada, revise la carpeta de correo no deseado o spam.',
    '4. Toque el botón "CLIC PARA CONTINUAR" antes de que termine el tiempo que muestra el kiosco.',
    'El kiosco avanzará solo. Si el tiempo termina, puede pedir un correo nuevo en el kiosco.',
  ],
};
