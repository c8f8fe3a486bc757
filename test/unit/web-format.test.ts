import { describe, expect, it } from 'vitest';
import { formatWhen, romeInstant, telHref } from '../../src/web/format.js';

describe('what the pages show', () => {
  it('dials the leading number of a phone as people write it', () => {
    expect(telHref('011 123 4567')).toBe('tel:0111234567');
    expect(telHref('+39 011 555 0000 (codice 4821)')).toBe('tel:+390115550000');
    expect(telHref('+39 333-000.0000')).toBe('tel:+393330000000');
  });

  it('reads a form’s date and time in Rome, across the DST change, and refuses a time that does not exist', () => {
    expect(romeInstant('2026-03-27', '09:00')).toBe('2026-03-27T09:00:00+01:00');
    expect(romeInstant('2026-03-30', '09:00')).toBe('2026-03-30T09:00:00+02:00');
    expect(romeInstant('2026-02-30', '09:00')).toBeNull();
    expect(romeInstant('2026-03-27', '9')).toBeNull();
  });

  it('shows instants as Rome wall-clock time in Italian', () => {
    expect(formatWhen(Date.parse('2026-12-17T09:00:00Z'), 'it')).toBe('gio 17 dic, 10:00');
  });
});
