import { appointmentContent } from './appointment.js';
import type { EmailContent } from './layout.js';
import { renderContent } from './layout.js';
import { offerContent, offerWithdrawnContent } from './offer.js';
import type { EmailMessage, Locale, RenderedEmail } from './types.js';
import { signInContent } from './sign-in.js';
import { unfilledAlertContent } from './unfilled-alert.js';

export type { EmailMessage, Locale, RenderedEmail } from './types.js';

function content(message: EmailMessage, locale: Locale): EmailContent {
  switch (message.kind) {
    case 'appointment':
      return appointmentContent(message, locale);
    case 'offer':
      return offerContent(message, locale);
    case 'offer_withdrawn':
      return offerWithdrawnContent(message, locale);
    case 'unfilled_alert':
      return unfilledAlertContent(message, locale);
    case 'sign_in':
      return signInContent(message, locale);
  }
}

/** Subject, plain text and HTML of one e-mail: renderEmail({ kind: 'offer', … }, 'it').subject → "Richiesta di mediazione: …". */
export function renderEmail(message: EmailMessage, locale: Locale = 'it'): RenderedEmail {
  return renderContent(content(message, locale === 'en' ? 'en' : 'it'));
}
