import { formatInstant } from './format.js';
import type { EmailContent } from './layout.js';
import { COMMON } from './strings.js';
import type { Locale, SignInMessage } from './types.js';

const TEXT = {
  it: {
    subject: 'Il suo link di accesso',
    intro: 'Ha chiesto di accedere al servizio di prenotazione dei mediatori. Apra il link qui sotto e prema «Accedi».',
    action: 'Accedi',
    expiry: (when: string) => `Il link vale una sola volta e scade: ${when}.`,
    ignore: 'Se non ha chiesto lei di accedere, ignori questo messaggio: senza il link nessuno può entrare.',
  },
  en: {
    subject: 'Your sign-in link',
    intro: 'You asked to sign in to the mediator booking service. Open the link below and press "Sign in".',
    action: 'Sign in',
    expiry: (when: string) => `The link works once and expires: ${when}.`,
    ignore: 'If you did not ask to sign in, ignore this message: nobody can enter without the link.',
  },
} as const;

/** The sign-in link e-mail: one button, its expiry, and what to do if it was not asked for. */
export function signInContent(message: SignInMessage, locale: Locale): EmailContent {
  const t = TEXT[locale];
  const when = formatInstant(message.expiresAt, locale);
  return {
    locale,
    subject: t.subject,
    banner: null,
    heading: t.subject,
    greeting: COMMON[locale].greeting(message.recipientName),
    paragraphs: [t.intro, t.expiry(when)],
    details: [],
    actions: [{ label: t.action, url: message.url, tone: 'primary' }],
    closing: [t.ignore],
    footer: COMMON[locale].footer,
  };
}
