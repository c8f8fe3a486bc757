import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('has working defaults for an empty environment', () => {
    const c = parseConfig({});
    expect([c.PORT, c.HOST, c.DATA_DIR, c.SQLITE_CACHE_MB, c.PUBLIC_URL]).toEqual([8787, '0.0.0.0', './data', 2, 'http://localhost:8787']);
  });

  it('reads numbers from strings and treats an empty value as unset', () => {
    const c = parseConfig({ PORT: '9000', SQLITE_CACHE_MB: '64', DATA_DIR: '' });
    expect([c.PORT, c.SQLITE_CACHE_MB, c.DATA_DIR, c.PUBLIC_URL]).toEqual([9000, 64, './data', 'http://localhost:9000']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['SQLITE_CACHE_MB', '0'],
    ['SQLITE_CACHE_MB', '1.5'],
    ['BODY_LIMIT_BYTES', '10'],
    ['PUBLIC_URL', 'not a url'],
  ])('stops on %s=%s, naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('names every bad variable at once', () => {
    expect(() => parseConfig({ PORT: '-1', SQLITE_CACHE_MB: 'lots' })).toThrow(/PORT: [\s\S]*SQLITE_CACHE_MB: /);
  });

  it('needs the API key of an HTTP mail API', () => {
    expect(() => parseConfig({ MAIL_HTTP_URL: 'https://mail.example.it/send' })).toThrow(/MAIL_HTTP_API_KEY: required when MAIL_HTTP_URL is set/);
  });
});
