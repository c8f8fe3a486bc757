/** A calendar invite carried by an e-mail: `text/calendar; method=…` alternative plus an .ics attachment. */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** The whole VCALENDAR text (CRLF line endings). */
  content: string;
  /** Attachment name, e.g. "invite.ics". */
  filename: string;
}

/** One fully rendered e-mail, as stored in the outbox and handed to a transport. */
export interface OutgoingMail {
  /** Stable RFC 5322 Message-ID (with angle brackets), so a resend after a crash is recognisable. */
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  calendar?: CalendarPart;
  /** Extra headers, e.g. { 'X-Mediator-Booking-Event': 'booked' }. */
  headers?: Record<string, string>;
}

/** Sends one message or throws; a throw means "not delivered, try again later". */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  close?(): Promise<void>;
}
