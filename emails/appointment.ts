import { appointmentDetails, appointmentLink, subjectTail } from './details.js';
import type { EmailContent } from './layout.js';
import { reasonSentence } from './reasons.js';
import { COMMON } from './strings.js';
import type { AppointmentEvent, AppointmentMessage, Audience, Locale } from './types.js';

interface EventText {
  title: string;
  body: Record<Audience, string>;
}

const TEXT: Record<Locale, Record<AppointmentEvent, EventText>> = {
  it: {
    booked: {
      title: 'Appuntamento confermato',
      body: {
        mediator: "Le confermiamo l'appuntamento di mediazione indicato qui sotto. Se non potesse essere presente, avvisi lo sportello il prima possibile.",
        desk: "Le confermiamo l'appuntamento di mediazione richiesto dal suo servizio.",
      },
    },
    rescheduled: {
      title: 'Appuntamento modificato',
      body: {
        mediator: "L'appuntamento di mediazione è stato modificato. Qui sotto trova i dati aggiornati.",
        desk: "L'appuntamento di mediazione è stato modificato. Qui sotto trova i dati aggiornati.",
      },
    },
    cancelled: {
      title: 'Appuntamento annullato',
      body: {
        mediator: "L'appuntamento di mediazione indicato qui sotto è stato annullato: non è necessario presentarsi.",
        desk: "L'appuntamento di mediazione indicato qui sotto è stato annullato.",
      },
    },
    reassigned_away: {
      title: 'Appuntamento riassegnato',
      body: {
        mediator: "L'appuntamento indicato qui sotto è stato affidato a un altro mediatore o a un'altra mediatrice: non è più a suo carico e non è necessario presentarsi.",
        desk: "All'appuntamento indicato qui sotto è stato assegnato un altro mediatore o un'altra mediatrice.",
      },
    },
    released: {
      title: 'Mediatore non più disponibile',
      body: {
        mediator: "L'appuntamento indicato qui sotto non è più a suo carico, perché non è più compatibile con la sua disponibilità o il suo profilo: non è necessario presentarsi.",
        desk: "Il mediatore o la mediatrice dell'appuntamento indicato qui sotto non è più disponibile. La richiesta torna in cerca di un'altra persona; se nessuno è disponibile resta scoperta, tra le richieste da coprire.",
      },
    },
    unfilled: {
      title: 'Nessun mediatore disponibile',
      body: {
        mediator: "Per l'appuntamento indicato qui sotto non è stato trovato nessun mediatore disponibile.",
        desk: "Per la richiesta indicata qui sotto non è stato trovato nessun mediatore o mediatrice disponibile: l'appuntamento resta scoperto. Può proporre un altro orario, accettare la mediazione in video o per telefono, oppure chiamare il coordinamento.",
      },
    },
    reminder: {
      title: 'Promemoria appuntamento',
      body: {
        mediator: "Le ricordiamo l'appuntamento di mediazione indicato qui sotto.",
        desk: "Le ricordiamo l'appuntamento di mediazione indicato qui sotto.",
      },
    },
  },
  en: {
    booked: {
      title: 'Appointment confirmed',
      body: {
        mediator: 'This confirms the mediation appointment below. If you cannot attend, please tell the desk as soon as possible.',
        desk: 'This confirms the mediation appointment requested by your service.',
      },
    },
    rescheduled: {
      title: 'Appointment changed',
      body: {
        mediator: 'The mediation appointment has changed. The updated details are below.',
        desk: 'The mediation appointment has changed. The updated details are below.',
      },
    },
    cancelled: {
      title: 'Appointment cancelled',
      body: {
        mediator: 'The mediation appointment below has been cancelled: you do not need to attend.',
        desk: 'The mediation appointment below has been cancelled.',
      },
    },
    reassigned_away: {
      title: 'Appointment reassigned',
      body: {
        mediator: 'The appointment below has been given to another mediator: it is no longer yours and you do not need to attend.',
        desk: 'Another mediator has been assigned to the appointment below.',
      },
    },
    released: {
      title: 'Mediator no longer available',
      body: {
        mediator: 'The appointment below is no longer yours, because it no longer fits your availability or profile: you do not need to attend.',
        desk: 'The mediator of the appointment below is no longer available. The request goes back to finding someone else; if nobody is available it stays uncovered, among the requests to cover.',
      },
    },
    unfilled: {
      title: 'No mediator available',
      body: {
        mediator: 'No available mediator has been found for the appointment below.',
        desk: 'No available mediator has been found for the request below: the appointment is not covered. You can propose another time, accept mediation by video or phone, or call the coordination.',
      },
    },
    reminder: {
      title: 'Appointment reminder',
      body: {
        mediator: 'This is a reminder of the mediation appointment below.',
        desk: 'This is a reminder of the mediation appointment below.',
      },
    },
  },
};

// Invites go out already accepted (RSVP=FALSE): nothing reads a calendar reply, so the mediator is told how to decline.
const CALENDAR_NOTE: Record<Locale, string> = {
  it: "Nel suo calendario l'appuntamento risulta già accettato: i pulsanti «Accetta» e «Rifiuta» del calendario non arrivano al servizio. Per rinunciare avvisi lo sportello (contatti qui sotto) o usi il servizio di prenotazione.",
  en: "The appointment is already accepted in your calendar: the calendar's Accept and Decline buttons do not reach the service. To decline it, tell the desk (contact below) or use the booking service.",
};

const REASON: Record<Locale, string> = { it: 'Motivo', en: 'Reason' };

const WITH_INVITE = new Set<AppointmentEvent>(['booked', 'rescheduled', 'reminder']);

/** A video appointment booked without its link (often a fallback step): the desk is asked for one. */
const VIDEO_LINK_NEEDED: Record<Locale, string> = {
  it: "L'appuntamento è in videochiamata ma manca il link: lo aggiunga all'appuntamento (\"Sposta o modifica\") perché il mediatore lo riceva.",
  en: 'The appointment is by video but has no link yet: add it to the appointment ("Move or edit") so that the mediator receives it.',
};

/** Booking, change, cancellation, reassignment, release, unfilled request or reminder, for the mediator or the desk. */
export function appointmentContent(message: AppointmentMessage, locale: Locale): EmailContent {
  const text = TEXT[locale][message.event];
  const toMediator = message.audience === 'mediator';
  return {
    locale,
    subject: `${text.title}: ${subjectTail(message, locale)}`,
    banner: null,
    heading: text.title,
    greeting: COMMON[locale].greeting(message.recipientName),
    paragraphs: [
      text.body[message.audience],
      ...(toMediator && WITH_INVITE.has(message.event) ? [CALENDAR_NOTE[locale]] : []),
      ...(!toMediator && WITH_INVITE.has(message.event) && message.modality === 'video' && !message.videoUrl ? [VIDEO_LINK_NEEDED[locale]] : []),
    ],
    details: [
      ...(message.event === 'unfilled' && (message.reason || message.reasonDetail)
        ? [{ label: REASON[locale], value: message.reason ? reasonSentence(message.reason, message.language, locale) : (message.reasonDetail ?? '') }]
        : []),
      ...appointmentDetails(message, locale, { mediatorContact: !toMediator, deskContact: toMediator }),
    ],
    actions: (message.event === 'reassigned_away' || message.event === 'released') && toMediator ? [] : appointmentLink(message, locale),
    closing: [],
    footer: COMMON[locale].footer,
  };
}
