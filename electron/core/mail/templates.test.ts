import { describe, expect, it } from 'vitest';
import { escapeHtml, isWebLink } from './html';
import { activationEmail, employerCodeEmail, formatEcuadorTime, passwordChangedEmail } from './templates';

const link = 'https://central.example/activar/abc123?k=1&s=2';

describe('activationEmail', () => {
  const mail = activationEmail({ link, ttlSeconds: 180, fullNameMasked: 'María F. Q. T.' });

  it('uses the verbatim subject and button text (DESIGN §5)', () => {
    expect(mail.subject).toBe('ACTIVACIÓN CLAVE');
    expect(mail.html).toMatch(/<a href="[^"]+"[^>]*>CLIC PARA CONTINUAR<\/a>/);
  });

  it('links the button to the activation link, escaped in the attribute', () => {
    expect(mail.html).toContain('<a href="https://central.example/activar/abc123?k=1&amp;s=2"');
  });

  it('puts the link on its own line in the text part', () => {
    expect(mail.text.split('\n')).toContain(link);
  });

  it('says how long the link lasts and what to do when it was not requested', () => {
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('válido por 3 minutos');
      expect(part).toContain('Si usted no solicitó este trámite, puede ignorar este correo');
    }
    expect(activationEmail({ link, ttlSeconds: 60 }).text).toContain('válido por 1 minuto ');
    expect(activationEmail({ link, ttlSeconds: 61 }).text).toContain('válido por 2 minutos');
  });

  it('greets with the masked name, escaped', () => {
    expect(mail.html).toContain('Estimado/a María F. Q. T.:');
    const hostile = activationEmail({ link, ttlSeconds: 180, fullNameMasked: '<script>alert(1)</script>' });
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('uses inline styles only and no external images', () => {
    expect(mail.html).not.toMatch(/<style|<link|<img|<script|url\(/i);
  });

  it('refuses a link that is not a web link', () => {
    expect(() => activationEmail({ link: 'javascript:alert(1)', ttlSeconds: 180 })).toThrow(RangeError);
    expect(() => activationEmail({ link: 'not a url', ttlSeconds: 180 })).toThrow(RangeError);
  });
});

describe('passwordChangedEmail', () => {
  // 2024-03-05 03:30 UTC is 2024-03-04 22:30 in Ecuador (UTC−5, no daylight saving)
  const when = new Date('2024-03-05T03:30:00Z');
  const mail = passwordChangedEmail({ when, officeName: 'IESS Quito <Centro>', kioskId: 'KIOSCO-01' });

  it('says when in Ecuador time, and where', () => {
    expect(mail.subject).toBe('Su clave del IESS fue cambiada');
    expect(mail.text).toContain('4 de marzo de 2024');
    expect(mail.text).toMatch(/10:30/);
    expect(mail.text).toContain('hora de Ecuador');
    expect(mail.text).toContain('IESS Quito <Centro>, kiosco KIOSCO-01');
    expect(mail.html).toContain('IESS Quito &lt;Centro&gt;, kiosco KIOSCO-01');
  });

  it('says what to do when it was not them', () => {
    expect(mail.text).toContain('Si usted no realizó este cambio');
    expect(mail.html).toContain('Si usted no realizó este cambio');
  });

  it('formats with the America/Guayaquil zone whatever the host zone', () => {
    expect(formatEcuadorTime(new Date('2024-01-01T04:59:00Z'))).toContain('31 de diciembre de 2023');
  });
});

describe('employerCodeEmail', () => {
  const mail = employerCodeEmail({
    code: '482915',
    employerName: 'Comercial Andina S.A. <script>x</script>',
    ttlMinutes: 10,
  });

  it('carries the subject, the code large, and the validity', () => {
    expect(mail.subject).toBe('CÓDIGO DE CONFIRMACIÓN');
    expect(mail.html).toMatch(/font-size:40px[^>]*>482915<\/p>/);
    expect(mail.text.split('\n')).toContain('482915');
    expect(mail.text).toContain('válido por 10 minutos');
  });

  it('escapes the employer name', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Comercial Andina S.A. &lt;script&gt;x&lt;/script&gt;');
  });
});

describe('html helpers', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('accepts only http(s) links', () => {
    expect(isWebLink('http://127.0.0.1:7001/a/x')).toBe(true);
    expect(isWebLink('data:text/html,hi')).toBe(false);
    expect(isWebLink('JAVASCRIPT:alert(1)')).toBe(false);
  });
});
