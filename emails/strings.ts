import type { Locale, Modality } from './types.js';

/** Labels shared by every kind of e-mail. */
export interface CommonStrings {
  greeting: (name: string) => string;
  footer: string;
  modality: Record<Modality, string>;
  service: string;
  address: string;
  language: string;
  when: string;
  mode: string;
  location: string;
  videoUrl: string;
  dialIn: string;
  caseRef: string;
  mediator: string;
  mediatorPhone: string;
  deskContact: string;
  notes: string;
  cancelReason: string;
  openAppointment: string;
}

export const COMMON: Record<Locale, CommonStrings> = {
  it: {
    greeting: (name) => `Gentile ${name},`,
    footer: 'Messaggio automatico del servizio di prenotazione dei mediatori linguistico-culturali del Piemonte.',
    modality: { in_person: 'In presenza', phone: 'Telefonica', video: 'Videochiamata' },
    service: 'Servizio',
    address: 'Indirizzo',
    language: 'Lingua',
    when: 'Data e ora',
    mode: 'Modalità',
    location: 'Luogo',
    videoUrl: 'Link della videochiamata',
    dialIn: 'Numero da chiamare',
    caseRef: 'Riferimento caso',
    mediator: 'Mediatore/mediatrice',
    mediatorPhone: 'Telefono mediatore/mediatrice',
    deskContact: 'Contatti dello sportello',
    notes: 'Note',
    cancelReason: "Motivo dell'annullamento",
    openAppointment: "Apri l'appuntamento",
  },
  en: {
    greeting: (name) => `Dear ${name},`,
    footer: 'Automatic message from the Piedmont linguistic-cultural mediator booking service.',
    modality: { in_person: 'In person', phone: 'Phone call', video: 'Video call' },
    service: 'Service',
    address: 'Address',
    language: 'Language',
    when: 'Date and time',
    mode: 'Mode',
    location: 'Location',
    videoUrl: 'Video call link',
    dialIn: 'Number to dial',
    caseRef: 'Case reference',
    mediator: 'Mediator',
    mediatorPhone: "Mediator's phone",
    deskContact: 'Desk contact',
    notes: 'Notes',
    cancelReason: 'Reason for cancellation',
    openAppointment: 'Open the appointment',
  },
};
