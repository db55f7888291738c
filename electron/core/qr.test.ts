import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { inboxUrlOf, mailProviderOf, qrSvg } from './qr';

describe('mailProviderOf', () => {
  it.each([
    ['maria@gmail.com', 'gmail'],
    ['Maria@GoogleMail.com ', 'gmail'],
    ['x@outlook.com', 'outlook'],
    ['x@outlook.es', 'outlook'],
    ['x@hotmail.com', 'outlook'],
    ['x@hotmail.es', 'outlook'],
    ['x@live.com.mx', 'outlook'],
    ['x@msn.com', 'outlook'],
    ['x@yahoo.com', 'yahoo'],
    ['x@yahoo.com.ec', 'yahoo'],
    ['x@ymail.com', 'yahoo'],
    ['x@iess.gob.ec', 'other'],
    ['x@gmail.com.evil.io', 'other'],
    ['x@live.ucuenca.edu.ec', 'other'],
    ['x@mygmail.com', 'other'],
    ['', 'other'],
  ] as const)('%s → %s', (email, provider) => {
    expect(mailProviderOf(email)).toBe(provider);
  });
});

describe('inboxUrlOf', () => {
  it('points at each provider’s web inbox, and at the help page for others', () => {
    const help = 'http://127.0.0.1:7000/correo';
    expect(inboxUrlOf('gmail', help)).toBe('https://mail.google.com/mail/');
    expect(inboxUrlOf('outlook', help)).toBe('https://outlook.live.com/mail/');
    expect(inboxUrlOf('yahoo', help)).toBe('https://mail.yahoo.com/');
    expect(inboxUrlOf('other', help)).toBe(help);
  });
});

describe('qrSvg', () => {
  it('renders an SVG in the kiosk colours, different per input', async () => {
    const a = await qrSvg('https://mail.google.com/mail/');
    const b = await qrSvg('https://outlook.live.com/mail/');
    expect(a.trimStart()).toMatch(/^<svg[\s>]/);
    expect(a.trimEnd()).toMatch(/<\/svg>$/);
    expect(a).toContain('#0b2545');
    expect(a).toContain('#ffffff');
    expect(a).not.toBe(b);
  });

  it('encodes the text with error correction M and margin 2', async () => {
    const text = 'https://mail.yahoo.com/';
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
    const svg = await qrSvg(text);
    // the viewBox is the module count plus the margin on both sides
    expect(svg).toContain(`viewBox="0 0 ${modules + 4} ${modules + 4}"`);
  });
});
