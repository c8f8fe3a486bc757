import { z } from '@hono/zod-openapi';
import { OFFER_STATUSES, OUTBOX_STATUSES } from '../../domain/vocabulary.js';
import type { OfferListQuery } from '../../operations/offers.js';
import type { OutboxListQuery } from '../../operations/outbox.js';
import { Id, PageQuery, type ParsesTo } from './common.js';

export const OutboxMessage = z
  .object({
    id: z.string(),
    messageId: z.string(),
    kind: z.string().openapi({ description: 'e.g. appointment.booked.mediator, offer, unfilled_alert' }),
    appointmentId: z.string().nullable(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxMessage');

export const OutboxAttempt = z.object({ attempt: z.number(), at: z.string(), transport: z.string(), error: z.string().nullable() });

export const OutboxMessageDetail = OutboxMessage.extend({ attemptLog: z.array(OutboxAttempt) }).openapi('OutboxMessageDetail');

export const OutboxQuery = PageQuery.extend({
  status: z.enum(OUTBOX_STATUSES).optional(),
  appointmentId: Id.optional(),
  kind: z.string().max(64).optional(),
});
true satisfies ParsesTo<typeof OutboxQuery, OutboxListQuery>;

/** What an offered mediator needs to decide; the case reference and notes come only with the booking. */
export const OfferedAppointment = z
  .object({
    id: z.string(),
    start: z.string(),
    end: z.string(),
    durationMinutes: z.number(),
    language: z.string(),
    modality: z.string(),
    area: z.string(),
    sector: z.string(),
    urgency: z.string(),
    location: z.string().nullable().openapi({ description: 'Where to go (in person: the place given, else the service address).' }),
    service: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  })
  .openapi('OfferedAppointment', {
    description: 'The offered appointment: time, place, service and its address, modality, duration. No case reference or notes until the mediator accepts.',
  });

export const Offer = z
  .object({
    id: z.string(),
    appointmentId: z.string(),
    mediatorId: z.string(),
    status: z.enum(OFFER_STATUSES),
    round: z.number(),
    rank: z.number(),
    expiresAt: z.string(),
    createdAt: z.string(),
    respondedAt: z.string().nullable(),
    appointment: OfferedAppointment.nullable(),
  })
  .openapi('Offer');

export const OfferQuery = PageQuery.extend({
  status: z.enum(OFFER_STATUSES).optional(),
  appointmentId: Id.optional(),
  mediatorId: Id.optional(),
});
true satisfies ParsesTo<typeof OfferQuery, OfferListQuery>;

export const FeedToken = z
  .object({
    url: z.string(),
    token: z.string().openapi({ description: 'The secret in the URL. GET shows the one in force; POST (rotation) makes the old URL stop working.' }),
    createdAt: z.string().openapi({ description: 'Since when this URL works.' }),
  })
  .openapi('FeedToken');
