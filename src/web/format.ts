import { DateTime } from 'luxon';
import { MONTH_PATTERN, type ReportPeriod, reportPeriod } from '../domain/period.js';
import { EMAIL_ZONE } from '../../emails/format.js';
import { languageName } from '../../emails/languages.js';
import type { Locale } from '../../emails/types.js';
import type { Texts } from './texts/it.js';

export { formatInstant, formatRange } from '../../emails/format.js';
export { languageName };

/** The zone every page shows times in, the same as the e-mails. */
export const WEB_ZONE = EMAIL_ZONE;

function inZone(ms: number, locale: Locale): DateTime {
  return DateTime.fromMillis(ms, { zone: WEB_ZONE }).setLocale(locale);
}

/** "gio 17 dic, 10:00" — the agenda's compact form. */
export function formatWhen(ms: number, locale: Locale): string {
  return inZone(ms, locale).toFormat("ccc d LLL, HH:mm");
}

/** "gio 17 dic 2026" */
export function formatDay(ms: number, locale: Locale): string {
  return inZone(ms, locale).toFormat('ccc d LLL yyyy');
}

/** "10:00" */
export function formatTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: WEB_ZONE }).toFormat('HH:mm');
}

/** "17/12/2026 10:00" — for tables and history lines. */
export function formatStamp(ms: number): string {
  return DateTime.fromMillis(ms, { zone: WEB_ZONE }).toFormat('dd/MM/yyyy HH:mm');
}

/** The value of an `<input type="date">` ("2026-12-17") and `<input type="time">` ("10:00") for an instant, in Rome. */
export function dateInputValue(ms: number): string {
  return DateTime.fromMillis(ms, { zone: WEB_ZONE }).toISODate() ?? '';
}

export function timeInputValue(ms: number): string {
  return formatTime(ms);
}

/** A local date and time in Rome (from a form) as an ISO instant with offset, or null when not a real moment. */
export function romeInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: WEB_ZONE });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** Midnight in Rome of a "yyyy-mm-dd" day, or null. */
export function romeDayStart(date: string): number | null {
  const dt = DateTime.fromISO(date, { zone: WEB_ZONE });
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && dt.isValid ? dt.startOf('day').toMillis() : null;
}

/** The Rome day after `days` days, at midnight. */
export function addDays(ms: number, days: number): number {
  return DateTime.fromMillis(ms, { zone: WEB_ZONE }).plus({ days }).toMillis();
}

/** A `tel:` link for a phone number as people write it ("011 123 4567", "+39 011 555 0000 (codice 4821)"): the leading number only. */
export function telHref(phone: string): string {
  const number = /^\s*\+?[\d\s./()-]*\d/.exec(phone)?.[0] ?? phone;
  return `tel:${number.replace(/\(.*$/, '').replace(/[^\d+]/g, '')}`;
}

/** The month a page shows (`?month=2026-03`, else the current one in Rome): its value and its period (both days included). */
export function monthOfQuery(asked: string | undefined, now: number, zone: string): { value: string; period: ReportPeriod } {
  const value = MONTH_PATTERN.test(asked ?? '') ? (asked as string) : DateTime.fromMillis(now, { zone: WEB_ZONE }).toFormat('yyyy-MM');
  return { value, period: reportPeriod({ month: value }, zone) };
}

/** The locale of the texts a page is written in. */
export const localeOf = (t: Texts): Locale => (t.lang === 'en' ? 'en' : 'it');

/** An instant as the ISO text the e-mail formatters read. */
export const iso = (ms: number) => new Date(ms).toISOString();
