import type { EmailMessage, Locale } from '../../emails/templates.js';
import { renderEmail } from '../../emails/templates.js';
import type { CalendarPart, OutgoingMail } from './message.js';

export interface ComposeInput {
  messageId: string;
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  locale: Locale;
  message: EmailMessage;
  calendar?: CalendarPart;
  headers?: Record<string, string>;
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

/** Renders the template and wraps it as an OutgoingMail ready for the outbox: composeMail({ messageId: '<a1@mb>', … }). */
export function composeMail(input: ComposeInput): OutgoingMail {
  if (!MESSAGE_ID.test(input.messageId)) throw new TypeError(`Message-ID must look like <local@domain>: ${input.messageId}`);
  const { subject, text, html } = renderEmail(input.message, input.locale);
  const mail: OutgoingMail = {
    messageId: input.messageId,
    from: oneLine(input.from),
    to: input.to.map(oneLine),
    cc: (input.cc ?? []).map(oneLine),
    subject,
    text,
    html,
  };
  if (input.replyTo) mail.replyTo = oneLine(input.replyTo);
  if (input.calendar) mail.calendar = { ...input.calendar };
  if (input.headers) {
    mail.headers = Object.fromEntries(Object.entries(input.headers).map(([name, value]) => [oneLine(name), oneLine(value)]));
  }
  return mail;
}
