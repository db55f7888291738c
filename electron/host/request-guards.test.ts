import { describe, expect, it } from 'vitest';
import { budgetKeyOf, createSocketBudget, socketBudgets } from './budgets';
import { demoMailbox, demoSmsOutbox } from './mailbox-page';
import { allowedHosts, bodyTooLarge, isLoopbackAddress, sameOrigin } from './request-guards';

describe('request guards', () => {
  it('allows exactly the three loopback names of the port', () => {
    expect([...allowedHosts(5173)].sort()).toEqual(['127.0.0.1:5173', '[::1]:5173', 'localhost:5173']);
  });

  it('takes only http origins that name the same host', () => {
    expect(sameOrigin({ origin: 'http://127.0.0.1:5173', host: '127.0.0.1:5173' })).toBe(true);
    expect(sameOrigin({ origin: 'http://evil.example', host: '127.0.0.1:5173' })).toBe(false);
    expect(sameOrigin({ origin: 'file://127.0.0.1:5173', host: '127.0.0.1:5173' })).toBe(false);
    expect(sameOrigin({ origin: 'null', host: '127.0.0.1:5173' })).toBe(false);
    expect(sameOrigin({ host: '127.0.0.1:5173' })).toBe(false);
  });

  it('refuses a declared body over 16 KB, an unreadable length and any chunked body', () => {
    expect(bodyTooLarge({})).toBe(false);
    expect(bodyTooLarge({ 'content-length': '16384' })).toBe(false);
    expect(bodyTooLarge({ 'content-length': '16385' })).toBe(true);
    expect(bodyTooLarge({ 'content-length': '1e9' })).toBe(true);
    expect(bodyTooLarge({ 'content-length': 'x' })).toBe(true);
    expect(bodyTooLarge({ 'transfer-encoding': 'chunked' })).toBe(true);
  });

  it('knows loopback peers in the forms Node reports them', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [undefined, '', '10.0.0.5', '::ffff:192.168.1.2', 'fe80::1', '1127.0.0.1'])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it('shows /buzon only with the embedded central and a capture mailbox', () => {
    const mailbox = { list: () => [], latestTo: () => undefined };
    expect(demoMailbox({ embeddedCentral: true, mailbox })).toBe(mailbox);
    expect(demoMailbox({ embeddedCentral: false, mailbox })).toBeNull();
    expect(demoMailbox({ embeddedCentral: true, mailbox: null })).toBeNull();
    const smsOutbox = { list: () => [] };
    expect(demoSmsOutbox({ embeddedCentral: true, mailbox, smsOutbox })).toBe(smsOutbox);
    expect(demoSmsOutbox({ embeddedCentral: false, mailbox, smsOutbox })).toBeNull();
    // real mail (SMTP_URL) is not a demo: no page lists SMS codes either
    expect(demoSmsOutbox({ embeddedCentral: true, mailbox: null, smsOutbox })).toBeNull();
  });
});

describe('socket budgets', () => {
  it('gives a socket half the kiosk look-ups (at least one) and three help requests a minute', () => {
    expect(socketBudgets(10)).toEqual({ lookup: 5, help: 3 });
    expect(socketBudgets(1)).toEqual({ lookup: 1, help: 3 });
    expect(socketBudgets(1000).lookup).toBe(500);
  });

  it('names the look-up steps and help requests, nothing else', () => {
    expect(budgetKeyOf('session.advance', { step: 'identify' })).toBe('lookup');
    expect(budgetKeyOf('session.advance', { step: 'employerIdentify' })).toBe('lookup');
    expect(budgetKeyOf('session.advance', { step: 'challenge' })).toBeNull();
    expect(budgetKeyOf('session.advance', null)).toBeNull();
    expect(budgetKeyOf('help.request', { screen: 'welcome' })).toBe('help');
    expect(budgetKeyOf('app.info', {})).toBeNull();
  });

  it('refills after the window slides', () => {
    let t = 0;
    const spend = createSocketBudget({ lookup: 2, help: 1 }, () => t);
    const look = () => spend('session.advance', { step: 'identify' });
    expect([look().ok, look().ok, look()]).toEqual([true, true, { ok: false, retryAfterSeconds: 60 }]);
    expect(spend('help.request', {}).ok).toBe(true);
    expect(spend('help.request', {}).ok).toBe(false);
    t = 60_000;
    expect(look().ok).toBe(true);
  });
});
