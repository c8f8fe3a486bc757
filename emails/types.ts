import type { ReasonFacts } from './reasons.js';

/** Languages the e-mails are written in; Italian is the default. */
export type Locale = 'it' | 'en';

export type Modality = 'in_person' | 'phone' | 'video';

export type AppointmentEvent = 'booked' | 'rescheduled' | 'cancelled' | 'reassigned_away' | 'released' | 'unfilled' | 'reminder';

export type Audience = 'mediator' | 'desk';

/** What every e-mail says about the appointment. The beneficiary appears only as a pseudonymous case reference. */
export interface AppointmentData {
  recipientName: string;
  serviceName: string;
  serviceAddress: string;
  deskEmail: string;
  deskPhone: string | null;
  /** BCP 47 tag, e.g. "ar-MA". */
  language: string;
  modality: Modality;
  /** ISO 8601 with offset; shown in Europe/Rome. */
  start: string;
  end: string;
  location: string | null;
  videoUrl: string | null;
  dialIn: string | null;
  beneficiaryRef: string | null;
  notes: string | null;
  mediatorName: string | null;
  mediatorPhone: string | null;
  appointmentUrl: string | null;
  cancelReason: string | null;
}

/** A booked appointment changed state; sent to the mediator and to the desk. */
export interface AppointmentMessage extends AppointmentData {
  kind: 'appointment';
  event: AppointmentEvent;
  audience: Audience;
  /** Why nobody could be found (event `unfilled`): in words from `reason` (the stored English `reasonDetail` for messages queued before). */
  reasonDetail?: string | null;
  reason?: ReasonFacts | null;
}

/** A mediator is asked to take an appointment; the first to accept gets it. */
export interface OfferMessage extends AppointmentData {
  kind: 'offer';
  acceptUrl: string;
  declineUrl: string;
  /** ISO 8601 with offset. */
  expiresAt: string;
  urgency: 'standard' | 'urgent';
}

/** An offer the mediator received is no longer open. */
export interface OfferWithdrawnMessage extends AppointmentData {
  kind: 'offer_withdrawn';
  reason: 'taken' | 'cancelled' | 'changed' | 'expired';
}

/** Coordinators: nobody could be found for a request. */
export interface UnfilledAlertMessage extends AppointmentData {
  kind: 'unfilled_alert';
  reasonDetail: string;
  fallbackSummary: string | null;
  /** When present, the reason and the fallback steps are written in the reader's language from these. */
  reason?: ReasonFacts | null;
  fallback?: Array<{ step: string; candidates: number }> | null;
}

/** A single-use link that signs a person in to the web interface. */
export interface SignInMessage {
  kind: 'sign_in';
  recipientName: string;
  url: string;
  /** ISO 8601 with offset; shown in Europe/Rome. */
  expiresAt: string;
}

export type EmailMessage = AppointmentMessage | OfferMessage | OfferWithdrawnMessage | UnfilledAlertMessage | SignInMessage;

/** A rendered e-mail body. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
