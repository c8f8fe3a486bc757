import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { MediatorRecord } from '../../db/repositories/mediators.js';
import type { ServiceRow } from '../../db/repositories/services.js';
import type { Statement } from '../../db/database.js';
import type { Ctx } from '../deps.js';
import { formatInstant } from '../domain/time.js';
import type { AppointmentEvent, AppointmentFacts, Notice } from '../mail/notices.js';
import { SMS_KIND_PREFIX } from '../mail/sms.js';

export interface Recipient {
  name: string;
  email: string;
  locale: 'it' | 'en';
}

export function mediatorRecipient(m: MediatorRecord): Recipient {
  return { name: m.name, email: m.email, locale: m.locale };
}

export function deskRecipient(s: ServiceRow): Recipient {
  return { name: s.name, email: s.contactEmail, locale: 'it' };
}

/** The facts of an appointment as its messages show them (state after the change). */
export function factsOf(a: AppointmentRow, service: ServiceRow, mediator: MediatorRecord | null): AppointmentFacts {
  return {
    appointmentId: a.id,
    serviceName: service.name,
    serviceAddress: service.address,
    deskEmail: service.contactEmail,
    deskPhone: service.phone,
    language: a.language,
    modality: a.modality as AppointmentFacts['modality'],
    start: formatInstant(a.startsAt),
    end: formatInstant(a.endsAt),
    startMs: a.startsAt,
    endMs: a.endsAt,
    location: a.location ?? (a.modality === 'in_person' ? service.address : null),
    videoUrl: a.videoUrl,
    dialIn: a.dialIn,
    beneficiaryRef: a.beneficiaryRef,
    notes: a.notes,
    mediatorName: mediator?.name ?? null,
    mediatorPhone: mediator?.phone ?? null,
    mediatorEmail: mediator?.email ?? null,
    cancelReason: a.cancelReason,
    urgency: a.urgency as AppointmentFacts['urgency'],
  };
}

/**
 * The facts an offered mediator may read before accepting: the appointment without its case
 * reference and notes, which stay with the mediator who takes it (and the desk).
 */
export function offeredFacts(a: AppointmentRow, service: ServiceRow, mediator: MediatorRecord | null): AppointmentFacts {
  return { ...factsOf(a, service, mediator), beneficiaryRef: null, notes: null };
}

/** An outbox row's stable Message-ID, at the installation's host. */
function messageIdOf(ctx: Ctx, id: string): string {
  return `<${id}@${new URL(ctx.config.publicUrl).hostname || 'mediator-booking'}>`;
}

/** One outbox insert for one recipient, guarded by the change it reports. */
export function queueNotice(ctx: Ctx, notice: Notice, to: Recipient, guard: ChangeGuard | undefined, cc: string[] = []): Statement {
  const id = ctx.ids.next('msg');
  const kind = notice.type === 'appointment' ? `appointment.${notice.event}.${notice.audience}` : notice.type;
  const appointmentId = notice.type === 'sign_in' ? null : notice.facts.appointmentId;
  return ctx.repos.outbox.enqueueStatement(
    {
      id,
      messageId: messageIdOf(ctx, id),
      kind,
      appointmentId,
      locale: to.locale,
      to: [to.email],
      cc,
      payload: notice,
      now: ctx.clock.now(),
    },
    guard,
  );
}

/** One SMS in the outbox to the mediator's phone (kind `sms.offer`, `sms.reminder`), guarded like an e-mail. */
function queueSms(ctx: Ctx, notice: Extract<Notice, { type: 'offer' | 'appointment' }>, m: MediatorRecord & { phone: string }, guard: ChangeGuard): Statement {
  const id = ctx.ids.next('sms');
  return ctx.repos.outbox.enqueueStatement(
    {
      id,
      messageId: messageIdOf(ctx, id),
      kind: `${SMS_KIND_PREFIX}${notice.type === 'offer' ? 'offer' : notice.event}`,
      appointmentId: notice.facts.appointmentId,
      locale: m.locale,
      to: [m.phone],
      cc: [],
      payload: notice,
      now: ctx.clock.now(),
    },
    guard,
  );
}

/**
 * An offer or a reminder to a mediator by the channels they chose: SMS needs a phone and a gateway,
 * and without them it goes by e-mail, so nobody is left without the message.
 */
export function mediatorNotices(ctx: Ctx, notice: Extract<Notice, { type: 'offer' | 'appointment' }>, m: MediatorRecord, guard: ChangeGuard): Statement[] {
  const phone = ctx.config.smsGateway && m.notifyBy !== 'email' ? m.phone : null;
  const email = !phone || m.notifyBy === 'both' ? [queueNotice(ctx, notice, mediatorRecipient(m), guard)] : [];
  return phone ? [...email, queueSms(ctx, notice, { ...m, phone }, guard)] : email;
}

/** The mediator's invite (REQUEST) and the desk's copy, for a booking or a change. */
export function bookingNotices(
  ctx: Ctx,
  facts: AppointmentFacts,
  mediator: Recipient,
  desk: Recipient,
  event: Extract<AppointmentEvent, 'booked' | 'rescheduled'>,
  guard: ChangeGuard,
): Statement[] {
  return [
    queueNotice(ctx, { type: 'appointment', event, audience: 'mediator', recipientName: mediator.name, facts, calendar: 'REQUEST' }, mediator, guard),
    queueNotice(ctx, { type: 'appointment', event, audience: 'desk', recipientName: desk.name, facts, calendar: 'REQUEST' }, desk, guard),
  ];
}

/** A CANCEL for the mediator who loses the appointment, and (for a cancellation) the desk's copy. */
export function cancellationNotices(
  ctx: Ctx,
  facts: AppointmentFacts,
  mediator: Recipient | null,
  desk: Recipient | null,
  event: Extract<AppointmentEvent, 'cancelled' | 'reassigned_away' | 'released'>,
  guard: ChangeGuard,
): Statement[] {
  const out: Statement[] = [];
  if (mediator) {
    out.push(queueNotice(ctx, { type: 'appointment', event, audience: 'mediator', recipientName: mediator.name, facts, calendar: 'CANCEL' }, mediator, guard));
  }
  if (desk) {
    out.push(queueNotice(ctx, { type: 'appointment', event, audience: 'desk', recipientName: desk.name, facts, calendar: mediator ? 'CANCEL' : null }, desk, guard));
  }
  return out;
}
