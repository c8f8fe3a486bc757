import { createTransport } from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import type { MailTransport, OutgoingMail } from './message.js';

export interface SmtpOptions {
  /** e.g. smtp://user:pass@host:587 or smtps://host:465; `?pool=true` pools connections. */
  url: string;
  tls?: { rejectUnauthorized?: boolean };
  /** Connection, greeting and socket-inactivity timeout; default 10 s. */
  timeoutMs?: number;
}

/** The nodemailer message for an OutgoingMail; icalEvent yields both the text/calendar alternative and the .ics attachment. */
export function toNodemailerMessage(mail: OutgoingMail): SendMailOptions {
  const message: SendMailOptions = {
    messageId: mail.messageId,
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  };
  if (mail.cc.length > 0) message.cc = mail.cc;
  if (mail.replyTo) message.replyTo = mail.replyTo;
  if (mail.headers) message.headers = { ...mail.headers };
  if (mail.calendar) {
    message.icalEvent = { method: mail.calendar.method, filename: mail.calendar.filename, content: mail.calendar.content };
  }
  return message;
}

/** Sends over SMTP with nodemailer: smtpTransport({ url: 'smtp://127.0.0.1:2525' }); a rejected send means "retry later". */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const timeout = options.timeoutMs ?? 10_000;
  const transporter = createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  return {
    name: 'smtp',
    async send(mail) {
      await transporter.sendMail(toNodemailerMessage(mail));
    },
    async close() {
      // A no-op for a plain connection; ends idle sockets when the URL asked for a pool.
      transporter.close();
    },
  };
}
