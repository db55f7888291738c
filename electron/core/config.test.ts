import { describe, expect, it } from 'vitest';
import { invalidConfigNotice, packagedConfigProblem, readConfig } from './config';

describe('config from the environment (DESIGN §5)', () => {
  it('has the documented defaults', () => {
    const read = readConfig({});
    expect(read.ok && read.config).toMatchObject({
      centralUrl: undefined,
      smtpUrl: undefined,
      activationTtlSeconds: 180,
      locale: 'es-EC',
      idleWarnSeconds: 45,
      idleResetSeconds: 60,
      lookupsPerMinute: 10,
      // unknown route counts as the speaker; F9: a key no kiosk shell or browser takes for itself
      audioRoute: 'auto',
      speechKey: 'F9',
    });
  });

  it('spoken guidance: a fixed audio route and the physical key, or a clear refusal', () => {
    const read = readConfig({ KIOSK_AUDIO_ROUTE: 'headphones', KIOSK_SPEECH_KEY: 'Help' });
    expect(read.ok && read.config).toMatchObject({ audioRoute: 'headphones', speechKey: 'Help' });
    const bad = readConfig({ KIOSK_AUDIO_ROUTE: 'loud', KIOSK_SPEECH_KEY: 'F9; rm' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join()).toMatch(/KIOSK_AUDIO_ROUTE.*KIOSK_SPEECH_KEY/);
  });

  it('reads every variable and treats empty ones as unset', () => {
    const read = readConfig({
      KIOSK_HOST_PORT: '8123',
      KIOSK_DATA_DIR: '/var/kiosk',
      CENTRAL_URL: 'https://central.local:4010',
      KIOSK_ENROLL_CODE: 'code-123',
      CENTRAL_PORT: '4011',
      CENTRAL_PUBLIC_URL: 'https://clave.iess.gob.ec',
      CENTRAL_SEED_FILE: '/seed.json',
      SMTP_URL: '',
      MAIL_FROM: 'IESS <x@iess.gob.ec>',
      ACTIVATION_TTL_SECONDS: '3',
      KIOSK_LOCALE: 'en',
      KIOSK_IDLE_WARN_SECONDS: '5',
      KIOSK_IDLE_RESET_SECONDS: '8',
      KIOSK_LOOKUPS_PER_MINUTE: '600',
    });
    expect(read.ok && read.config).toEqual(
      expect.objectContaining({
        hostPort: 8123,
        dataDir: '/var/kiosk',
        centralUrl: 'https://central.local:4010',
        kioskEnrollCode: 'code-123',
        centralPort: 4011,
        smtpUrl: undefined,
        activationTtlSeconds: 3,
        locale: 'en',
        idleWarnSeconds: 5,
        idleResetSeconds: 8,
        lookupsPerMinute: 600,
      }),
    );
  });

  it('refuses a CENTRAL_URL without TLS unless the central is on this machine', () => {
    const plain = readConfig({ CENTRAL_URL: 'http://central.local:4010' });
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.problems.join()).toMatch(/CENTRAL_URL must be https/);
    expect(readConfig({ CENTRAL_URL: 'http://127.0.0.1:4010' }).ok).toBe(true);
  });

  it('refuses bad values with a message naming the variable, instead of guessing', () => {
    const read = readConfig({ KIOSK_HOST_PORT: 'abc', KIOSK_LOCALE: 'fr', SMTP_URL: 'http://x' });
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.problems.join('\n')).toMatch(/KIOSK_HOST_PORT[\s\S]*SMTP_URL|SMTP_URL[\s\S]*KIOSK_HOST_PORT/);
    expect(readConfig({ KIOSK_LOOKUPS_PER_MINUTE: '0' }).ok).toBe(false);
    expect(readConfig({ KIOSK_LOOKUPS_PER_MINUTE: '2.5' }).ok).toBe(false);
    const order = readConfig({ KIOSK_IDLE_WARN_SECONDS: '60', KIOSK_IDLE_RESET_SECONDS: '45' });
    expect(order.ok).toBe(false);
  });

  it('reads SMS_URL for the embedded central, refusing anything but smpp://user:pass@host:port', () => {
    const read = readConfig({ SMS_URL: 'smpp://iess:secret@127.0.0.1:2775' });
    expect(read.ok && read.config.smsUrl).toBe('smpp://iess:secret@127.0.0.1:2775');
    const unset = readConfig({});
    expect(unset.ok && unset.config.smsUrl).toBeUndefined();
    const bad = readConfig({ SMS_URL: 'http://127.0.0.1:2775' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toContain('SMS_URL');
  });
});

describe('packaged build: safe defaults', () => {
  const configOf = (env: Record<string, string>) => {
    const read = readConfig(env);
    if (!read.ok) throw new Error(read.problems.join(', '));
    return read.config;
  };

  it('refuses to serve without a central (it never starts the demo one) or with an http central', () => {
    expect(packagedConfigProblem(configOf({}), true)).toEqual({
      problem: 'central_required',
      variables: ['CENTRAL_URL'],
    });
    // loopback http is allowed by readConfig for development, not for a packaged kiosk
    expect(packagedConfigProblem(configOf({ CENTRAL_URL: 'http://127.0.0.1:4010' }), true)).toEqual({
      problem: 'central_not_https',
      variables: ['CENTRAL_URL'],
    });
  });

  it('serves with an https central and no SMTP_URL: the mail is the central’s', () => {
    expect(packagedConfigProblem(configOf({ CENTRAL_URL: 'https://central.iess.gob.ec' }), true)).toBeNull();
  });

  it('a build from the sources keeps the demo defaults', () => {
    expect(packagedConfigProblem(configOf({}), false)).toBeNull();
    expect(packagedConfigProblem(configOf({ CENTRAL_URL: 'http://127.0.0.1:4010' }), false)).toBeNull();
  });

  it('names the variables of a bad configuration, never their values', () => {
    const read = readConfig({ CENTRAL_URL: 'http://central.example', KIOSK_HOST_PORT: 'x' });
    if (read.ok) throw new Error('accepted');
    const notice = invalidConfigNotice(read.problems);
    expect(notice.problem).toBe('config_invalid');
    expect(notice.variables).toContain('KIOSK_HOST_PORT');
    expect(JSON.stringify(notice)).not.toContain('central.example');
  });
});
