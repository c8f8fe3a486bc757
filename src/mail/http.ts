import { base64Utf8 } from '../encoding.js';
import type { MailTransport, OutgoingMail } from './message.js';

export interface HttpMailOptions {
  /** The provider's send endpoint, e.g. https://api.resend.com/emails (Resend-compatible JSON). */
  url: string;
  apiKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The JSON body of a Resend-style send request; the invite travels as an .ics attachment. */
export function httpMailBody(mail: OutgoingMail): Record<string, unknown> {
  return {
    from: mail.from,
    to: mail.to,
    ...(mail.cc.length > 0 ? { cc: mail.cc } : {}),
    ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { ...mail.headers, 'Message-ID': mail.messageId },
    ...(mail.calendar
      ? {
          attachments: [
            {
              filename: mail.calendar.filename,
              content: base64Utf8(mail.calendar.content),
              content_type: `text/calendar; charset=utf-8; method=${mail.calendar.method}`,
            },
          ],
        }
      : {}),
  };
}

/**
 * Sends through an HTTP mail API (works on Workers, where there is no SMTP). Any non-2xx answer or
 * network error rejects, so the outbox retries; the stable Message-ID lets the provider deduplicate.
 */
export function httpMailTransport(o: HttpMailOptions): MailTransport {
  const send = o.fetch ?? fetch;
  return {
    name: 'http',
    async send(mail) {
      const res = await send(o.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json', 'idempotency-key': mail.messageId },
        body: JSON.stringify(httpMailBody(mail)),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`mail API answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    },
  };
}
