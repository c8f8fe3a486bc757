import { appointmentDetails, appointmentLink, subjectTail } from './details.js';
import type { EmailContent } from './layout.js';
import { fallbackSentence, reasonSentence } from './reasons.js';
import { COMMON } from './strings.js';
import type { Locale, UnfilledAlertMessage } from './types.js';

const TEXT = {
  it: {
    title: 'Richiesta senza mediatore',
    intro: 'Per la richiesta indicata qui sotto non è stato trovato nessun mediatore disponibile.',
    reason: 'Motivo',
    fallback: 'Alternative possibili',
    closing: "Serve un intervento del coordinamento: contatti lo sportello o assegni l'appuntamento a mano.",
  },
  en: {
    title: 'Unfilled request',
    intro: 'No available mediator has been found for the request below.',
    reason: 'Reason',
    fallback: 'Possible fallbacks',
    closing: 'A coordinator needs to act: contact the desk or assign the appointment by hand.',
  },
} as const;

/** Tells coordinators that a request found nobody, with the reason and the fallback ladder. */
export function unfilledAlertContent(message: UnfilledAlertMessage, locale: Locale): EmailContent {
  const t = TEXT[locale];
  const fallback = message.fallback ? fallbackSentence(message.fallback, locale) : message.fallbackSummary;
  const details = [
    { label: t.reason, value: message.reason ? reasonSentence(message.reason, message.language, locale) : message.reasonDetail },
    ...(fallback ? [{ label: t.fallback, value: fallback }] : []),
    ...appointmentDetails(message, locale, { mediatorContact: true, deskContact: true }),
  ];
  return {
    locale,
    subject: `${t.title}: ${subjectTail(message, locale)}`,
    banner: null,
    heading: t.title,
    greeting: COMMON[locale].greeting(message.recipientName),
    paragraphs: [t.intro],
    details,
    actions: appointmentLink(message, locale),
    closing: [t.closing],
    footer: COMMON[locale].footer,
  };
}
