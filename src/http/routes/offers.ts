import { createRoute, z } from '@hono/zod-openapi';
import { formatInstant, formatNullable } from '../../domain/time.js';
import type { OfferStatus } from '../../domain/vocabulary.js';
import { acceptOffer, declineOffer, getOffer, listOffers, type OfferView } from '../../operations/offers.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentAppointment } from '../present.js';
import { allow } from '../roles.js';
import { Appointment } from '../schemas/appointments.js';
import { commonErrors, conflictError, IdParam, jsonResponse, listOf, noBody } from '../schemas/common.js';
import { Offer, OfferQuery } from '../schemas/mail.js';

const tags = ['offers'];

const list = createRoute({
  method: 'get',
  path: '/offers',
  tags,
  summary: "Offers (a mediator's own; coordinators all), each with the appointment offered (no case reference or notes)",
  security: bearerSecurity,
  middleware: [allow('mediator', 'coordinator')] as const,
  request: { query: OfferQuery },
  responses: { 200: jsonResponse(listOf(Offer, 'OfferList'), 'A page of offers.'), ...commonErrors },
});

const one = createRoute({
  method: 'get',
  path: '/offers/{id}',
  tags,
  summary: 'One offer with the appointment offered (time, place, service and address, modality, duration; no case reference or notes)',
  security: bearerSecurity,
  middleware: [allow('mediator', 'coordinator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Offer, 'The offer.'), ...commonErrors },
});

const accept = createRoute({
  method: 'post',
  path: '/offers/{id}/accept',
  tags,
  summary: 'Accept an offer: the first accept books the appointment; later ones get 409',
  security: bearerSecurity,
  middleware: [allow('mediator', 'coordinator')] as const,
  request: { params: IdParam, ...noBody },
  responses: { 200: jsonResponse(Appointment, 'Booked for you.'), ...commonErrors, ...conflictError },
});

const decline = createRoute({
  method: 'post',
  path: '/offers/{id}/decline',
  tags,
  summary: 'Decline an offer (the request moves on down the list when nobody is left)',
  security: bearerSecurity,
  middleware: [allow('mediator', 'coordinator')] as const,
  request: { params: IdParam, ...noBody },
  responses: { 200: jsonResponse(Offer, 'Declined.'), ...commonErrors, ...conflictError },
});

export function presentOffer(o: OfferView): z.infer<typeof Offer> {
  const a = o.appointment;
  return {
    id: o.id,
    appointmentId: o.appointmentId,
    mediatorId: o.mediatorId,
    status: o.status as OfferStatus,
    round: o.round,
    rank: o.rank,
    expiresAt: formatInstant(o.expiresAt),
    createdAt: formatInstant(o.createdAt),
    respondedAt: formatNullable(o.respondedAt),
    appointment: a ? { ...a, start: formatInstant(a.start), end: formatInstant(a.end) } : null,
  };
}

export const offersRoutes = router()
  .openapi(list, async (c) => {
    const page = await listOffers(ctxOf(c), c.req.valid('query'));
    return c.json({ items: page.items.map(presentOffer), nextCursor: page.nextCursor }, 200);
  })
  .openapi(one, async (c) => c.json(presentOffer(await getOffer(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(accept, async (c) => {
    const ctx = ctxOf(c);
    return c.json(presentAppointment(await acceptOffer(ctx, c.req.valid('param').id)), 200);
  })
  .openapi(decline, async (c) => c.json(presentOffer(await declineOffer(ctxOf(c), c.req.valid('param').id)), 200));
