import type { ReasonFacts } from '../../emails/reasons.js';
import type { OfferWithdrawnMessage } from '../../emails/types.js';

/**
 * What the outbox stores for each message: the facts at the moment of the change, so the message
 * renders identically on every attempt (the iCalendar SEQUENCE is stored beside it).
 */
export interface AppointmentFacts {
  appointmentId: string;
  serviceName: string;
  serviceAddress: string;
  deskEmail: string;
  deskPhone: string | null;
  language: string;
  modality: 'in_person' | 'phone' | 'video';
  /** ISO 8601 with offset. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  location: string | null;
  /** Absent in messages queued before these existed. */
  videoUrl?: string | null;
  dialIn?: string | null;
  beneficiaryRef: string | null;
  notes: string | null;
  mediatorName: string | null;
  mediatorPhone: string | null;
  mediatorEmail: string | null;
  cancelReason: string | null;
  urgency: 'standard' | 'urgent';
}

export type AppointmentEvent = 'booked' | 'rescheduled' | 'cancelled' | 'reassigned_away' | 'released' | 'unfilled' | 'reminder';

export type Notice =
  | {
      type: 'appointment';
      event: AppointmentEvent;
      audience: 'mediator' | 'desk';
      recipientName: string;
      facts: AppointmentFacts;
      /** The invite this message carries (REQUEST for bookings and changes, CANCEL when it goes away). */
      calendar: 'REQUEST' | 'CANCEL' | null;
      /** Why nobody could be found (event `unfilled`): the stored reason; `reasonDetail` in messages queued before. */
      reasonDetail?: string;
      reason?: ReasonFacts;
    }
  | {
      type: 'offer';
      recipientName: string;
      facts: AppointmentFacts;
      offerId: string;
      expiresAt: string;
      acceptUrl: string;
      declineUrl: string;
    }
  | { type: 'offer_withdrawn'; recipientName: string; facts: AppointmentFacts; reason: OfferWithdrawnMessage['reason'] }
  | {
      type: 'unfilled_alert';
      recipientName: string;
      facts: AppointmentFacts;
      reasonDetail: string;
      fallbackSummary: string | null;
      reason?: ReasonFacts;
      fallback?: Array<{ step: string; candidates: number }>;
    }
  | { type: 'sign_in'; recipientName: string; url: string; expiresAt: string };

/** The notices about an appointment (every kind but the sign-in link). */
export type AppointmentNotice = Exclude<Notice, { type: 'sign_in' }>;
