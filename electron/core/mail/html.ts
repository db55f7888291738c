/**
 * HTML for mail clients: every interpolated value escaped, inline styles only (clients drop
 * <style> and <link>), no external images (clients block them, and they would tell a tracker
 * when the mail was opened). Colours are IESS-like: navy header, green action.
 */

export const COLORS = {
  navy: '#0b2545',
  green: '#007a3d',
  text: '#1b1b1b',
  muted: '#555555',
  page: '#f2f4f7',
} as const;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Only web links may become an href: a `javascript:` or `data:` link would run in the client. */
export function isWebLink(link: string): boolean {
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A paragraph of already-escaped HTML. */
export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:${COLORS.text};">${html}</p>`;
}

/** The shared frame: header band with the institution's name, body, neutral footer. */
export function layout(title: string, bodyHtml: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="margin:0;padding:0;background:${COLORS.page};font-family:Arial,Helvetica,sans-serif;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${COLORS.page};padding:24px 0;"><tr><td align="center">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden;">',
    `<tr><td style="background:${COLORS.navy};color:#ffffff;padding:20px 24px;font-size:18px;font-weight:bold;">Instituto Ecuatoriano de Seguridad Social</td></tr>`,
    `<tr><td style="padding:24px;">${bodyHtml}</td></tr>`,
    `<tr><td style="padding:16px 24px;border-top:1px solid #e1e4e8;font-size:12px;line-height:1.5;color:${COLORS.muted};">`,
    'Este es un mensaje automático del IESS; no responda a este correo. El IESS nunca le pedirá su clave por correo ni por teléfono.',
    '</td></tr></table></td></tr></table></body></html>',
  ].join('\n');
}
