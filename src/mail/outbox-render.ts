import type { OutboxRow } from '../../db/repositories/outbox.js';
import type { AppointmentData, EmailMessage, Locale } from '../../emails/types.js';
import type { CalendarEvent } from '../calendar/event.js';
import { buildInvite } from '../calendar/invite.js';
import type { MailSettings } from '../deps.js';
import type { OutgoingMail } from './message.js';
import type { AppointmentFacts, AppointmentNotice, Notice } from './notices.js';
import { composeMail } from './render.js';

/** The calendar event of an appointment as its invites describe it; UID stable per appointment. */
export function calendarEventOf(facts: AppointmentFacts, sequence: number, stamp: number, organizerEmail: string, cancelled: boolean): CalendarEvent {
  const lines = [
    `${facts.serviceName} — ${facts.serviceAddress}`,
    `Lingua / Language: ${facts.language}`,
    `Modalità / Modality: ${facts.modality}`,
    `Sportello / Desk: ${facts.deskEmail}${facts.deskPhone ? `, ${facts.deskPhone}` : ''}`,
    ...(facts.videoUrl ? [`Video: ${facts.videoUrl}`] : []),
    ...(facts.dialIn ? [`Telefono / Dial-in: ${facts.dialIn}`] : []),
    ...(facts.beneficiaryRef ? [`Riferimento caso / Case reference: ${facts.beneficiaryRef}`] : []),
    ...(facts.notes ? [`Note: ${facts.notes}`] : []),
  ];
  return {
    uid: `${facts.appointmentId}@mediator-booking`,
    sequence,
    start: facts.startMs,
    end: facts.endMs,
    zone: 'Europe/Rome',
    stamp,
    summary: `Mediazione (${facts.language}) – ${facts.serviceName}`,
    description: lines.join('\n'),
    location: facts.location ?? (facts.modality === 'video' ? (facts.videoUrl ?? null) : null),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: facts.serviceName, email: organizerEmail },
    attendees: facts.mediatorEmail
      ? [{ name: facts.mediatorName ?? facts.mediatorEmail, email: facts.mediatorEmail, partstat: 'ACCEPTED', rsvp: false, role: 'REQ-PARTICIPANT' }]
      : [],
  };
}

function dataOf(notice: AppointmentNotice, publicUrl: string): AppointmentData {
  const f = notice.facts;
  return {
    recipientName: notice.recipientName,
    serviceName: f.serviceName,
    serviceAddress: f.serviceAddress,
    deskEmail: f.deskEmail,
    deskPhone: f.deskPhone,
    language: f.language,
    modality: f.modality,
    start: f.start,
    end: f.end,
    location: f.location,
    videoUrl: f.videoUrl ?? null,
    dialIn: f.dialIn ?? null,
    beneficiaryRef: f.beneficiaryRef,
    notes: f.notes,
    mediatorName: f.mediatorName,
    mediatorPhone: f.mediatorPhone,
    appointmentUrl: `${publicUrl}/app/appointments/${f.appointmentId}`,
    cancelReason: f.cancelReason,
  };
}

function messageOf(notice: Notice, publicUrl: string): EmailMessage {
  if (notice.type === 'sign_in') return { kind: 'sign_in', recipientName: notice.recipientName, url: notice.url, expiresAt: notice.expiresAt };
  const data = dataOf(notice, publicUrl);
  switch (notice.type) {
    case 'appointment':
      return { ...data, kind: 'appointment', event: notice.event, audience: notice.audience, reasonDetail: notice.reasonDetail ?? null, reason: notice.reason ?? null };
    // An offered mediator is not told the case reference or the notes (messages queued before the
    // offers stopped storing them included them).
    case 'offer':
      return { ...data, beneficiaryRef: null, notes: null, kind: 'offer', acceptUrl: notice.acceptUrl, declineUrl: notice.declineUrl, expiresAt: notice.expiresAt, urgency: notice.facts.urgency };
    case 'offer_withdrawn':
      return { ...data, beneficiaryRef: null, notes: null, kind: 'offer_withdrawn', reason: notice.reason };
    case 'unfilled_alert':
      return { ...data, kind: 'unfilled_alert', reasonDetail: notice.reasonDetail, fallbackSummary: notice.fallbackSummary, reason: notice.reason ?? null, fallback: notice.fallback ?? null };
  }
}

/** Renders a stored outbox row into the e-mail to send — deterministic, so every attempt sends the same message. */
export function renderOutboxRow(row: OutboxRow, mail: MailSettings, publicUrl: string): OutgoingMail {
  const notice = JSON.parse(row.payload) as Notice;
  const method = notice.type === 'appointment' ? notice.calendar : null;
  const calendar =
    method && notice.type === 'appointment'
      ? {
          method,
          content: buildInvite(calendarEventOf(notice.facts, row.sequence ?? 0, row.createdAt, mail.organizerEmail, method === 'CANCEL'), method),
          filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        }
      : undefined;
  return composeMail({
    messageId: row.messageId,
    from: mail.from,
    to: JSON.parse(row.to) as string[],
    cc: JSON.parse(row.cc) as string[],
    ...(notice.type === 'sign_in' ? {} : { replyTo: notice.facts.deskEmail }),
    locale: (row.locale === 'en' ? 'en' : 'it') as Locale,
    message: messageOf(notice, publicUrl),
    ...(calendar ? { calendar } : {}),
    headers: {
      'X-Mediator-Booking-Kind': row.kind,
      ...(notice.type === 'sign_in' ? {} : { 'X-Mediator-Booking-Appointment': notice.facts.appointmentId }),
    },
  });
}
