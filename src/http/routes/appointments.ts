import { createRoute, z } from '@hono/zod-openapi';
import type { FallbackProposal } from '../../domain/matching.js';
import { notesWarnings } from '../../domain/pseudonymity.js';
import { parseInstant } from '../../domain/time.js';
import { assignMediator } from '../../operations/appointments/assign.js';
import { listCandidates } from '../../operations/appointments/candidates.js';
import { cancelAppointment } from '../../operations/appointments/cancel.js';
import { createAppointment } from '../../operations/appointments/create.js';
import { type AppointmentQuery, getAppointment, listAppointments } from '../../operations/appointments/list.js';
import { recordPastSession } from '../../operations/appointments/record-past.js';
import { releaseAppointment } from '../../operations/appointments/release.js';
import { updateAppointment } from '../../operations/appointments/update.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentAppointment } from '../present.js';
import {
  Appointment,
  AppointmentCancel,
  AppointmentCancelled,
  AppointmentCreate,
  AppointmentCreated,
  AppointmentListQuery,
  AppointmentPatch,
  AppointmentRelease,
  AssignBody,
  Candidates,
  CandidatesQuery,
  PastSessionCreate,
} from '../schemas/appointments.js';
import { commonErrors, conflictError, DryRunQuery, IdParam, jsonBody, jsonResponse, listOf } from '../schemas/common.js';

const tags = ['appointments'];

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'Replays return the first answer; never a second booking.' }),
});

const create = createRoute({
  method: 'post',
  path: '/appointments',
  tags,
  summary: 'Request a mediator for an appointment (desk)',
  description:
    'assignment auto books the best candidate at once (or records the request as unfilled, with the reason and the fallback ladder); manual leaves it open for the desk to pick from /candidates. A language the network does not serve (see GET /v1/languages) answers 400 `unknown_language` with a `suggestion` when one is close; a sign language by phone answers 400 `modality_unsuitable`.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { headers: IdempotencyHeader, ...jsonBody(AppointmentCreate) },
  responses: {
    201: jsonResponse(AppointmentCreated, 'The request as stored: booked, open or unfilled.'),
    ...commonErrors,
    ...conflictError,
  },
});

const past = createRoute({
  method: 'post',
  path: '/appointments/past',
  tags,
  summary: 'Record a session that already happened without a booking (desk), with the mediator who did it and the desk’s attendance sheet',
  description:
    'For an emergency handled by phone: the appointment is stored booked to that mediator, flagged `retroactive` (coverage counts it apart and never in the time to fill), with the desk’s sheet; no invite is sent. Within 30 days; the session must be over; 409 `mediator_busy` if the mediator was booked elsewhere then.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: jsonBody(PastSessionCreate),
  responses: { 201: jsonResponse(Appointment, 'Recorded.'), ...commonErrors, ...conflictError },
});

const list = createRoute({
  method: 'get',
  path: '/appointments',
  tags,
  summary: 'List appointments (desk: its service; mediator: their own; coordinator: all), by start time',
  security: bearerSecurity,
  request: { query: AppointmentListQuery },
  responses: { 200: jsonResponse(listOf(Appointment, 'AppointmentList'), 'A page of appointments.'), ...commonErrors },
});

const get = createRoute({
  method: 'get',
  path: '/appointments/{id}',
  tags,
  summary: 'Get an appointment',
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Appointment, 'The appointment.'), ...commonErrors },
});

const patch = createRoute({
  method: 'patch',
  path: '/appointments/{id}',
  tags,
  summary: 'Reschedule or edit (desk); the mediator is re-checked and freed if they no longer fit',
  description:
    'Any change to a booking still ahead — time, place, modality, or only `location` / `notes` — re-checks the booked mediator with the booking guard. One who no longer fits (inactive, excluded, away…) is released (`mediatorKept: false`, their invite cancelled) and the request is matched again by its assignment mode; one who still fits keeps it, with the same `bookedAt`.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, ...jsonBody(AppointmentPatch) },
  responses: {
    200: jsonResponse(AppointmentCreated.extend({ mediatorKept: z.boolean() }), 'The appointment after the change.'),
    ...commonErrors,
    ...conflictError,
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/appointments/{id}/cancel',
  tags,
  summary: 'Cancel (desk)',
  description:
    '`charge` says whether the cancellation is billed (`cancelled_late`): only inside the notice window, after the grace period from booking. With `dryRun=true` nothing is cancelled: the answer is the appointment as it is and the charge a cancel would bring now.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: {
    params: IdParam,
    query: DryRunQuery.extend({ dryRun: DryRunQuery.shape.dryRun.openapi({ description: 'true: tell the charge, cancel nothing.' }) }),
    body: { required: false, content: { 'application/json': { schema: AppointmentCancel } } },
  },
  responses: { 200: jsonResponse(AppointmentCancelled, 'Cancelled (or, with dryRun=true, as it is).'), ...commonErrors, ...conflictError },
});

const release = createRoute({
  method: 'post',
  path: '/appointments/{id}/release',
  tags,
  summary: 'Hand a booking back (the assigned mediator): it is released and matched again',
  description: 'The desk and the mediator are told, the invite is cancelled; a hand-back inside the late-cancellation notice is recorded as late for the coordinator.',
  security: bearerSecurity,
  middleware: [allow('mediator', 'coordinator')] as const,
  request: { params: IdParam, ...jsonBody(AppointmentRelease) },
  responses: {
    200: jsonResponse(z.object({ appointmentId: z.string(), start: z.string(), late: z.boolean() }), 'Handed back.'),
    ...commonErrors,
    ...conflictError,
  },
});

const candidates = createRoute({
  method: 'get',
  path: '/appointments/{id}/candidates',
  tags: ['matching'],
  summary: 'Ranked eligible mediators with the reasons for each score, and why the others are excluded',
  description:
    'At most `limit` candidates are listed (50 by default), best first; `candidateCount` counts them all. `excludedByRule` counts the mediators who fail a hard rule: without explain, the speakers of the language; with explain=true, the whole roster, and `excluded` names each of them with the rule and a detail (without explain it is empty). When nobody fits, `fallback` proposes the ladder: neighbouring area, then video, then phone (never phone for a sign language).',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, query: CandidatesQuery },
  responses: { 200: jsonResponse(Candidates, 'Candidates.'), ...commonErrors },
});

const assign = createRoute({
  method: 'post',
  path: '/appointments/{id}/assign',
  tags: ['matching'],
  summary: 'Book a chosen mediator (desk); 409 if they are no longer free',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, ...jsonBody(AssignBody) },
  responses: { 200: jsonResponse(Appointment, 'Booked.'), ...commonErrors, ...conflictError },
});

const present = (a: Parameters<typeof presentAppointment>[0], fallback: FallbackProposal[] | undefined) => ({
  ...presentAppointment(a),
  ...(fallback ? { fallback } : {}),
});

function queryOf(q: z.infer<typeof AppointmentListQuery>): AppointmentQuery {
  return {
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from ? { from: parseInstant(q.from) } : {}),
    ...(q.to ? { to: parseInstant(q.to) } : {}),
    ...(q.language ? { language: q.language } : {}),
    ...(q.area ? { area: q.area } : {}),
    ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    ...(q.mediatorId ? { mediatorId: q.mediatorId } : {}),
    ...(q.beneficiaryRef ? { beneficiaryRef: q.beneficiaryRef } : {}),
  };
}

export const appointmentsRoutes = router()
  .openapi(create, async (c) => {
    const ctx = ctxOf(c);
    const key = c.req.valid('header')['idempotency-key'];
    const body = c.req.valid('json');
    const outcome = await createAppointment(ctx, body, key, present);
    if (outcome.replayed) c.header('Idempotency-Replayed', 'true');
    c.header('Location', `/v1/appointments/${(outcome.body as { id: string }).id}`);
    return c.json({ ...(outcome.body as z.infer<typeof AppointmentCreated>), warnings: notesWarnings(body.notes) }, 201);
  })
  .openapi(past, async (c) => c.json(presentAppointment(await recordPastSession(ctxOf(c), c.req.valid('json'))), 201))
  .openapi(list, async (c) => {
    const page = await listAppointments(ctxOf(c), queryOf(c.req.valid('query')));
    return c.json({ items: page.items.map(presentAppointment), nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => c.json(presentAppointment(await getAppointment(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(patch, async (c) => {
    const changes = c.req.valid('json');
    const result = await updateAppointment(ctxOf(c), c.req.valid('param').id, changes);
    const warnings = notesWarnings(changes.notes);
    return c.json({ ...present(result.appointment, result.fallback.length > 0 ? result.fallback : undefined), mediatorKept: result.mediatorKept, warnings }, 200);
  })
  .openapi(cancel, async (c) => {
    const body = c.req.valid('json') as z.infer<typeof AppointmentCancel>;
    const dryRun = c.req.valid('query').dryRun === 'true';
    const { appointment, charge } = await cancelAppointment(ctxOf(c), c.req.valid('param').id, body?.reason, dryRun);
    return c.json({ ...presentAppointment(appointment), charge }, 200);
  })
  .openapi(release, async (c) => c.json(await releaseAppointment(ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(candidates, async (c) => {
    const query = c.req.valid('query');
    const result = await listCandidates(ctxOf(c), c.req.valid('param').id, { explain: query.explain === 'true', limit: query.limit });
    return c.json(result, 200);
  })
  .openapi(assign, async (c) =>
    c.json(presentAppointment(await assignMediator(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
