import { describe, expect, it } from 'vitest';
import { appConfigFrom, ConfigError, parseConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('has working defaults for an empty environment', () => {
    const c = parseConfig({});
    expect([c.PORT, c.HOST, c.DATA_DIR, c.PUBLIC_URL]).toEqual([8787, '0.0.0.0', './data', 'http://localhost:8787']);
  });

  it('reads numbers from strings and treats an empty value as unset', () => {
    const c = parseConfig({ PORT: '9000', BODY_LIMIT_BYTES: '2048', DATA_DIR: '' });
    expect([c.PORT, c.BODY_LIMIT_BYTES, c.DATA_DIR, c.PUBLIC_URL]).toEqual([9000, 2048, './data', 'http://localhost:9000']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['BODY_LIMIT_BYTES', '1.5'],
    ['BODY_LIMIT_BYTES', '10'],
    ['PUBLIC_URL', 'not a url'],
  ])('stops on %s=%s, naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('reads the late-cancellation grace period (15 min unless BILLING_CANCEL_GRACE_MINUTES says otherwise)', () => {
    expect(appConfigFrom(parseConfig({})).billing.cancelGraceMinutes).toBe(15);
    expect(appConfigFrom(parseConfig({ BILLING_CANCEL_GRACE_MINUTES: '30' })).billing.cancelGraceMinutes).toBe(30);
    expect(() => parseConfig({ BILLING_CANCEL_GRACE_MINUTES: '-5' })).toThrow(/BILLING_CANCEL_GRACE_MINUTES: /);
  });

  it('reads the working hours offers expire in (Monday–Friday 08:00–18:00 unless OFFER_WORKING_DAYS / OFFER_WORKING_HOURS say otherwise)', () => {
    expect(appConfigFrom(parseConfig({})).offers.workingHours).toEqual({ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' });
    expect(appConfigFrom(parseConfig({ OFFER_WORKING_DAYS: '6,1,2', OFFER_WORKING_HOURS: '09:00-13:00' })).offers.workingHours).toEqual({
      days: [1, 2, 6],
      start: '09:00',
      end: '13:00',
    });
    expect(() => parseConfig({ OFFER_WORKING_DAYS: 'mon-fri' })).toThrow(/OFFER_WORKING_DAYS: /);
    expect(() => parseConfig({ OFFER_WORKING_HOURS: '18:00-08:00' })).toThrow(/OFFER_WORKING_HOURS: /);
  });

  it('names every bad variable at once', () => {
    expect(() => parseConfig({ PORT: '-1', BODY_LIMIT_BYTES: 'lots' })).toThrow(/PORT: [\s\S]*BODY_LIMIT_BYTES: /);
  });

  it('needs the API key of an HTTP mail API', () => {
    expect(() => parseConfig({ MAIL_HTTP_URL: 'https://mail.example.it/send' })).toThrow(/MAIL_HTTP_API_KEY: required when MAIL_HTTP_URL is set/);
  });
});
