import { DateTime } from 'luxon';
import type { Locale } from './types.js';

export const EMAIL_ZONE = 'Europe/Rome';

const DAY = 'cccc d LLLL yyyy';
const SHORT_DAY = 'ccc d LLL yyyy';

function inRome(iso: string, locale: Locale): DateTime | null {
  const dt = DateTime.fromISO(iso, { setZone: true });
  return dt.isValid ? dt.setZone(EMAIL_ZONE).setLocale(locale) : null;
}

/** "lunedì 23 marzo 2026, 10:00–11:00"; a range over midnight repeats the day; invalid input is shown raw. */
export function formatRange(startIso: string, endIso: string, locale: Locale): string {
  const start = inRome(startIso, locale);
  const end = inRome(endIso, locale);
  if (!start || !end) return `${startIso} – ${endIso}`;
  if (start.hasSame(end, 'day')) return `${start.toFormat(DAY)}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
  return `${start.toFormat(DAY)}, ${start.toFormat('HH:mm')} – ${end.toFormat(DAY)}, ${end.toFormat('HH:mm')}`;
}

/** "lunedì 23 marzo 2026, 10:00" in Europe/Rome. */
export function formatInstant(iso: string, locale: Locale): string {
  const dt = inRome(iso, locale);
  return dt ? `${dt.toFormat(DAY)}, ${dt.toFormat('HH:mm')}` : iso;
}

/** Compact form for subject lines: "lun 23 mar 2026, 10:00". */
export function formatShort(iso: string, locale: Locale): string {
  const dt = inRome(iso, locale);
  return dt ? `${dt.toFormat(SHORT_DAY)}, ${dt.toFormat('HH:mm')}` : iso;
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One header-safe line: CR, LF and other control characters become spaces (no header injection). */
export function headerSafe(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Only http(s) links become clickable; anything else (javascript:, data:) is shown as text. */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}
