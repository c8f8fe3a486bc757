import { createRoute, type z } from '@hono/zod-openapi';
import { formatInstant } from '../../domain/time.js';
import { eraseBeneficiary, exportBeneficiary } from '../../operations/beneficiaries.js';
import { anonymiseMediator, exportMediator } from '../../operations/mediator-privacy.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentAppointment, presentAudit, presentExclusion, presentMediator } from '../present.js';
import { allow } from '../roles.js';
import { commonErrors, IdParam, jsonResponse, Released } from '../schemas/common.js';
import { BeneficiaryErased, BeneficiaryExport, BeneficiaryParams, MediatorExport } from '../schemas/privacy.js';
import { Mediator } from '../schemas/roster.js';

const tags = ['privacy'];

const exportCase = createRoute({
  method: 'get',
  path: '/services/{id}/beneficiaries/{ref}',
  tags,
  summary: 'Everything the service holds about one beneficiary (its desk, coordinator)',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: BeneficiaryParams },
  responses: { 200: jsonResponse(BeneficiaryExport, 'Its appointments, the case exclusions and their history; 404 when the service holds nothing under that reference.'), ...commonErrors },
});

const eraseCase = createRoute({
  method: 'delete',
  path: '/services/{id}/beneficiaries/{ref}',
  tags,
  summary: 'Erase one beneficiary from the service: reference and notes removed, case exclusions deleted (its desk, coordinator)',
  description: 'Times, language, mediator and attendance stay, so reports do not change. The audit records the erasure with its counts, never the reference.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: BeneficiaryParams },
  responses: { 200: jsonResponse(BeneficiaryErased, 'Erased.'), ...commonErrors },
});

const exportSelf = createRoute({
  method: 'get',
  path: '/mediators/{id}/export',
  tags,
  summary: "A mediator's data: profile, bookings, offers, sheets, settlements, time off, accounts (the mediator, coordinator)",
  security: bearerSecurity,
  middleware: [allow('mediator', 'coordinator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(MediatorExport, 'Everything held about them.'), ...commonErrors },
});

const anonymise = createRoute({
  method: 'post',
  path: '/mediators/{id}/anonymise',
  tags,
  summary: 'A mediator leaves: name, e-mail and phone replaced, inactive, accounts revoked; history kept for reports (coordinator)',
  description: 'Their future bookings are released (cancelled in their calendar, the desks told) and matched again; the answer lists them.',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Mediator.extend({ released: Released }), 'The anonymised profile and the bookings released.'), ...commonErrors },
});

const INSTANT_KEY = /(At|^startsAt|^endsAt|^checkIn|^checkOut)$/;

/** A stored row as exported: epoch-ms instants as ISO 8601 in the zone, JSON details parsed. */
function presentRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && INSTANT_KEY.test(k) ? formatInstant(v) : k === 'detail' && typeof v === 'string' ? JSON.parse(v) : v]),
  );
}

export const privacyRoutes = router()
  .openapi(exportCase, async (c) => {
    const { id, ref } = c.req.valid('param');
    const r = await exportBeneficiary(ctxOf(c), id, ref);
    const body: z.infer<typeof BeneficiaryExport> = {
      serviceId: r.serviceId,
      beneficiaryRef: r.beneficiaryRef,
      appointments: r.appointments.map(presentAppointment),
      exclusions: r.exclusions.map(presentExclusion),
      audit: r.audit.map(presentAudit),
    };
    return c.json(body, 200);
  })
  .openapi(eraseCase, async (c) => {
    const { id, ref } = c.req.valid('param');
    return c.json({ beneficiaryRef: ref, ...(await eraseBeneficiary(ctxOf(c), id, ref)) }, 200);
  })
  .openapi(exportSelf, async (c) => {
    const r = await exportMediator(ctxOf(c), c.req.valid('param').id);
    return c.json(
      {
        mediator: presentMediator(r.mediator),
        appointments: r.appointments.map(presentAppointment),
        offers: r.offers.map(presentRow),
        attendance: r.attendance.map(presentRow),
        settlements: r.settlements.map(presentRow),
        timeOff: r.timeOff.map(presentRow),
        accounts: r.accounts.map(presentRow),
        audit: r.audit.map(presentRow),
      },
      200,
    );
  })
  .openapi(anonymise, async (c) => {
    const { mediator, released } = await anonymiseMediator(ctxOf(c), c.req.valid('param').id);
    return c.json({ ...presentMediator(mediator), released }, 200);
  });
