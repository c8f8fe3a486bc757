import { describe, expect, it } from 'vitest';
import { targetProblem } from '../../src/domain/webhook-target.js';
import { webhookBackoffMs } from '../../src/operations/webhook-delivery.js';
import { newWebhookSecret, signWebhook } from '../../src/webhook-signature.js';

describe('signWebhook (Standard Webhooks)', () => {
  it('reproduces the specification’s published test vector', async () => {
    const signature = await signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 32 random bytes, whsec_ + base64', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(a.slice(6))).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe('targetProblem: which URLs may receive webhooks', () => {
  const refused = (url: string) => targetProblem(url, false);
  it('accepts https to a public host', () => {
    for (const url of ['https://hooks.example.org/mediation', 'https://8.8.8.8/x', 'https://[2001:db8::1]/x', 'https://sanita.regione.piemonte.it:8443/ws']) {
      expect(refused(url), url).toBeNull();
    }
  });

  it('refuses loopback, private, link-local, shared, reserved and local targets, in every spelling', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://127.1.2.3/',
      'https://0.0.0.0/',
      'https://10.0.0.1/',
      'https://100.64.0.1/',
      'https://169.254.169.254/',
      'https://172.16.0.1/',
      'https://172.31.255.255/',
      'https://192.168.0.1/',
      'https://224.0.0.1/',
      'https://2130706433/',
      'https://0x7f.0.0.1/',
      'https://[::1]/',
      'https://[::]/',
      'https://[fd00::1]/',
      'https://[fe80::1]/',
      'https://[::ffff:10.0.0.1]/',
      'https://localhost/',
      'https://api.localhost/',
      'https://nas.local/',
      'https://db.internal/',
      'https://intranet/',
      'https://LOCALHOST./',
    ]) {
      expect(refused(url), url).toBe('loopback or private address');
    }
  });

  it('refuses plain http, credentials, other schemes and non-URLs', () => {
    expect(refused('http://hooks.example.org/')).toBe('must be https');
    expect(refused('https://user:pw@hooks.example.org/')).toBe('must not carry credentials');
    expect(refused('ftp://hooks.example.org/')).toBe('must be http(s)');
    expect(refused('not a url')).toBe('not a URL');
  });

  it('with private targets allowed, still http(s) without credentials only', () => {
    expect(targetProblem('http://127.0.0.1:9000/hook', true)).toBeNull();
    expect(targetProblem('file:///etc/passwd', true)).toBe('must be http(s)');
  });
});

describe('webhookBackoffMs', () => {
  it('30 s, doubling, at most an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(webhookBackoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });
});
