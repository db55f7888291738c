import { describe, expect, it } from 'vitest';
import { readCentralConfig } from '../config';

describe('readCentralConfig', () => {
  it('defaults: port 4010, 180 s links, in memory', () => {
    expect(readCentralConfig({})).toEqual({
      ok: true,
      config: {
        port: 4010,
        publicUrl: undefined,
        seedFile: undefined,
        activationTtlSeconds: 180,
        codeTtlSeconds: 600,
        dataDir: undefined,
        databaseUrl: undefined,
        poolMax: undefined,
        sealKeyFile: undefined,
        enrollCode: undefined,
        smtpUrl: undefined,
        mailFrom: 'IESS <no-responder@iess.gob.ec>',
        smsUrl: undefined,
        tls: undefined,
      },
    });
  });

  it('reads the documented variables and treats empty as unset', () => {
    const read = readCentralConfig({
      CENTRAL_PORT: '0',
      CENTRAL_PUBLIC_URL: 'https://iess.example',
      CENTRAL_SEED_FILE: '',
      ACTIVATION_TTL_SECONDS: '30',
      CENTRAL_DATA_DIR: '/tmp/c',
    });
    expect(read).toEqual({
      ok: true,
      config: {
        port: 0,
        publicUrl: 'https://iess.example',
        seedFile: undefined,
        activationTtlSeconds: 30,
        codeTtlSeconds: 600,
        dataDir: '/tmp/c',
        databaseUrl: undefined,
        poolMax: undefined,
        sealKeyFile: undefined,
        enrollCode: undefined,
        smtpUrl: undefined,
        mailFrom: 'IESS <no-responder@iess.gob.ec>',
        smsUrl: undefined,
        tls: undefined,
      },
    });
  });

  it('reads the enrollment code, SMTP and TLS files; a certificate without its key is refused', () => {
    const read = readCentralConfig({
      CENTRAL_ENROLL_CODE: 'code-12345',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      CENTRAL_TLS_CERT_FILE: '/c.pem',
      CENTRAL_TLS_KEY_FILE: '/k.pem',
    });
    expect(read.ok && read.config.enrollCode).toBe('code-12345');
    expect(read.ok && read.config.tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem' });
    expect(readCentralConfig({ CENTRAL_TLS_CERT_FILE: '/c.pem' }).ok).toBe(false);
  });

  it('rejects a bad port or URL with reasons', () => {
    const read = readCentralConfig({ CENTRAL_PORT: '99999', CENTRAL_PUBLIC_URL: 'not a url' });
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.problems.join()).toMatch(/CENTRAL_PORT.*CENTRAL_PUBLIC_URL|CENTRAL_PUBLIC_URL.*CENTRAL_PORT/);
  });

  it('takes a PostgreSQL URL with a shared seal key; refuses another scheme and a URL without a shared key', () => {
    const read = readCentralConfig({
      CENTRAL_DATABASE_URL: 'postgres://central@db.iess.local:5432/central',
      CENTRAL_DATABASE_POOL_MAX: '8',
      CENTRAL_SEAL_KEY_FILE: '/etc/iess/seal.pem',
    });
    expect(read.ok && read.config).toMatchObject({
      databaseUrl: 'postgres://central@db.iess.local:5432/central',
      poolMax: 8,
      sealKeyFile: '/etc/iess/seal.pem',
    });
    const mysql = readCentralConfig({ CENTRAL_DATABASE_URL: 'mysql://x@y/z', CENTRAL_SEAL_KEY_FILE: '/k.pem' });
    expect(!mysql.ok && mysql.problems.join()).toMatch(/CENTRAL_DATABASE_URL/);
    const keyless = readCentralConfig({ CENTRAL_DATABASE_URL: 'postgres://x@y/z' });
    expect(!keyless.ok && keyless.problems.join()).toMatch(/CENTRAL_SEAL_KEY_FILE/);
  });
});
