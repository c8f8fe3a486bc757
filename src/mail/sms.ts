import type { OutboxRow } from '../../db/repositories/outbox.js';
import { formatShort } from '../../emails/format.js';
import { languageName } from '../../emails/languages.js';
import type { Locale } from '../../emails/types.js';
import type { AppointmentFacts, Notice } from './notices.js';

/** A text message as the gateway receives it; `id` is stable across retries, so the gateway can deduplicate. */
export interface OutgoingSms {
  id: string;
  to: string;
  text: string;
}

export interface SmsTransport {
  name: string;
  send(sms: OutgoingSms): Promise<void>;
}

/** Outbox rows whose kind starts with `sms.` are text messages to a phone number; the rest are e-mail. */
export const SMS_KIND_PREFIX = 'sms.';
export const isSmsKind = (kind: string) => kind.startsWith(SMS_KIND_PREFIX);

const WORDS = {
  it: { video: 'in video', phone: 'al telefono', offer: 'Offerta di mediazione', accept: 'Per accettare entro', reminder: 'Promemoria mediazione', desk: 'Sportello' },
  en: { video: 'by video', phone: 'by phone', offer: 'Mediation offer', accept: 'To accept by', reminder: 'Mediation reminder', desk: 'Desk' },
};

function placeOf(f: AppointmentFacts, locale: Locale): string {
  if (f.modality === 'video') return WORDS[locale].video;
  if (f.modality === 'phone') return WORDS[locale].phone;
  return `${f.serviceName}, ${f.location ?? f.serviceAddress}`;
}

/**
 * The short text of an offer (with its signed accept link) or a reminder; never the case reference
 * or notes. Other notices are not sent by SMS.
 * @example smsText(offerNotice, 'it') // "Offerta di mediazione: arabo, lun 23 mar 2026, 10:00, 60 min, … Per accettare entro …: https://…"
 */
export function smsText(notice: Notice, locale: Locale): string {
  if (notice.type === 'sign_in') throw new Error('sign-in links are not sent by SMS');
  const f = notice.facts;
  const w = WORDS[locale];
  const minutes = Math.round((f.endMs - f.startMs) / 60_000);
  const what = `${languageName(f.language, locale)}, ${formatShort(f.start, locale)}, ${minutes} min, ${placeOf(f, locale)}`;
  if (notice.type === 'offer') return `${w.offer}: ${what}. ${w.accept} ${formatShort(notice.expiresAt, locale)}: ${notice.acceptUrl}`;
  if (notice.type === 'appointment' && notice.event === 'reminder') return `${w.reminder}: ${what}.${f.deskPhone ? ` ${w.desk}: ${f.deskPhone}` : ''}`;
  throw new Error(`${notice.type} is not sent by SMS`);
}

/** The stored SMS row as the gateway receives it, the same on every attempt. */
export function renderSmsRow(row: OutboxRow): OutgoingSms {
  const to = (JSON.parse(row.to) as string[])[0] ?? '';
  return { id: row.messageId, to, text: smsText(JSON.parse(row.payload) as Notice, row.locale === 'en' ? 'en' : 'it') };
}

export interface HttpSmsOptions {
  /** The gateway's send endpoint: it receives POST {to, text, reference} as JSON with a Bearer key. */
  url: string;
  apiKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Sends through an HTTP SMS gateway; any non-2xx answer or network error rejects, so the outbox retries. */
export function httpSmsTransport(o: HttpSmsOptions): SmsTransport {
  const send = o.fetch ?? fetch;
  return {
    name: 'sms-http',
    async send(sms) {
      const res = await send(o.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json', 'idempotency-key': sms.id },
        body: JSON.stringify({ to: sms.to, text: sms.text, reference: sms.id }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    },
  };
}
