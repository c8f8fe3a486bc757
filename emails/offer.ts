import { appointmentDetails, subjectTail } from './details.js';
import { formatInstant } from './format.js';
import type { EmailContent } from './layout.js';
import { COMMON } from './strings.js';
import type { Locale, OfferMessage, OfferWithdrawnMessage } from './types.js';

const OFFER = {
  it: {
    title: 'Richiesta di mediazione',
    urgent: 'URGENTE',
    intro: "Le proponiamo l'appuntamento di mediazione indicato qui sotto. La richiesta è inviata anche ad altri mediatori: l'incarico va a chi accetta per primo.",
    replyBy: (when: string) => `Può rispondere fino a ${when}.`,
    accept: 'Accetto',
    decline: 'Rifiuto',
    afterAccept: "Se accetta riceverà la conferma con l'invito per il calendario.",
  },
  en: {
    title: 'Mediation request',
    urgent: 'URGENT',
    intro: 'We are offering you the mediation appointment below. Other mediators have received it too: the first to accept gets it.',
    replyBy: (when: string) => `You can reply until ${when}.`,
    accept: 'Accept',
    decline: 'Decline',
    afterAccept: 'If you accept, you will receive a confirmation with the calendar invitation.',
  },
} as const;

const WITHDRAWN = {
  it: {
    title: 'Richiesta non più disponibile',
    reason: {
      taken: "L'appuntamento indicato qui sotto è stato assegnato a un altro mediatore o a un'altra mediatrice.",
      cancelled: 'La richiesta indicata qui sotto è stata annullata dal servizio.',
      changed: "Il servizio ha cambiato l'orario o il luogo della richiesta indicata qui sotto: questa proposta non vale più.",
      expired: 'Il tempo per rispondere alla richiesta indicata qui sotto è scaduto.',
    },
    closing: 'Non deve fare nulla. Grazie per la disponibilità.',
  },
  en: {
    title: 'Request no longer available',
    reason: {
      taken: 'The appointment below has been given to another mediator.',
      cancelled: 'The request below has been cancelled by the service.',
      changed: 'The service changed the time or place of the request below, so this offer no longer stands.',
      expired: 'The time to reply to the request below has run out.',
    },
    closing: 'There is nothing you need to do. Thank you for your availability.',
  },
} as const;

/** Asks a mediator to take an appointment, with accept and decline buttons. */
export function offerContent(message: OfferMessage, locale: Locale): EmailContent {
  const t = OFFER[locale];
  const urgent = message.urgency === 'urgent';
  return {
    locale,
    subject: `${urgent ? `${t.urgent} – ` : ''}${t.title}: ${subjectTail(message, locale)}`,
    banner: urgent ? t.urgent : null,
    heading: t.title,
    greeting: COMMON[locale].greeting(message.recipientName),
    paragraphs: [t.intro, t.replyBy(formatInstant(message.expiresAt, locale))],
    details: appointmentDetails(message, locale, { mediatorContact: false, deskContact: true }),
    actions: [
      { label: t.accept, url: message.acceptUrl, tone: 'primary' },
      { label: t.decline, url: message.declineUrl, tone: 'danger' },
    ],
    closing: [t.afterAccept],
    footer: COMMON[locale].footer,
  };
}

/** Tells a mediator that an offer closed: taken by someone else, cancelled or expired. */
export function offerWithdrawnContent(message: OfferWithdrawnMessage, locale: Locale): EmailContent {
  const t = WITHDRAWN[locale];
  return {
    locale,
    subject: `${t.title}: ${subjectTail(message, locale)}`,
    banner: null,
    heading: t.title,
    greeting: COMMON[locale].greeting(message.recipientName),
    paragraphs: [t.reason[message.reason]],
    details: appointmentDetails(message, locale, { mediatorContact: false, deskContact: false }),
    actions: [],
    closing: [t.closing],
    footer: COMMON[locale].footer,
  };
}
