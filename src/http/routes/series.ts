import { createRoute, z } from '@hono/zod-openapi';
import { formatInstant } from '../../domain/time.js';
import { cancelSeries } from '../../operations/series/cancel.js';
import { createSeries } from '../../operations/series/create.js';
import { updateSeries } from '../../operations/series/update.js';
import { type SeriesView, viewSeries } from '../../operations/series/view.js';
import { allow } from '../roles.js';
import { IdempotencyHeader } from './appointments.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { commonErrors, conflictError, IdParam, jsonBody, jsonResponse } from '../schemas/common.js';
import { Series, SeriesCancel, SeriesCreate, SeriesPatch } from '../schemas/series.js';

const tags = ['series'];

const create = createRoute({
  method: 'post',
  path: '/series',
  tags,
  summary: 'Request a mediator for a recurring series (desk): weekly or every N weeks, until a date or for a count',
  description:
    'Creates every occurrence as an ordinary appointment (`seriesId`), matched as one: the same mediator for all where one fits them all, otherwise the fewest changes; an occurrence nobody fits is `unfilled`, with its reason. At most 60 occurrences and one year (422 `series_too_long`). Each occurrence is then rescheduled or cancelled alone through /v1/appointments, and has its own invite (its own UID). An `Idempotency-Key` replays the first answer (`Idempotency-Replayed: true`), never a second series.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { headers: IdempotencyHeader, ...jsonBody(SeriesCreate) },
  responses: { 201: jsonResponse(Series, 'The series and its occurrences as matched.'), ...commonErrors, ...conflictError },
});

const get = createRoute({
  method: 'get',
  path: '/series/{id}',
  tags,
  summary: 'A series with its occurrences as they stand (desk of its service, coordinator)',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Series, 'The series.'), ...commonErrors },
});

const patch = createRoute({
  method: 'patch',
  path: '/series/{id}',
  tags,
  summary: 'Edit the occurrences ahead: time, duration, place, notes (desk)',
  description:
    'Each occurrence not started yet (from `from`, if later) is edited as PATCH /v1/appointments/{id} would: the booked mediator re-checked, kept (an updated invite) or released and the occurrence matched again. Past and cancelled occurrences stay as they were. 409 `series_over` when none is ahead.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, ...jsonBody(SeriesPatch) },
  responses: {
    200: jsonResponse(Series.extend({ changed: z.array(z.object({ appointmentId: z.string(), mediatorKept: z.boolean() })) }), 'The series after the change.'),
    ...commonErrors,
    ...conflictError,
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/series/{id}/cancel',
  tags,
  summary: 'Cancel an occurrence and the following ones (desk)',
  description:
    'Each occurrence starting at or after `from` (default: now) is cancelled as POST /v1/appointments/{id}/cancel would: its mediator gets a CANCEL for that occurrence only, and a late cancellation is charged as usual. Occurrences already cancelled or started are left alone.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: SeriesCancel } } } },
  responses: { 200: jsonResponse(Series.extend({ cancelled: z.array(z.string()) }), 'The series after the cancellation; `cancelled` lists the appointments cancelled now.'), ...commonErrors },
});

type SeriesJson = z.infer<typeof Series>;

function presentSeries(v: SeriesView): SeriesJson {
  const count = (...statuses: string[]) => v.occurrences.filter((o) => statuses.includes(o.status)).length;
  const mediators = [...new Set(v.occurrences.filter((o) => o.status === 'booked' && o.mediatorId).map((o) => o.mediatorId as string))];
  return {
    id: v.series.id,
    serviceId: v.series.serviceId,
    template: v.template,
    recurrence: { interval: v.recurrence.interval, weekdays: [...v.recurrence.weekdays], ...(v.recurrence.until ? { until: v.recurrence.until } : {}), ...(v.recurrence.count ? { count: v.recurrence.count } : {}) },
    occurrences: v.occurrences.map((o) => ({
      appointmentId: o.id,
      start: formatInstant(o.startsAt),
      end: formatInstant(o.endsAt),
      status: o.status as SeriesJson['occurrences'][number]['status'],
      mediatorId: o.mediatorId,
      mediatorName: o.mediator?.name ?? null,
      fallbackStep: o.fallbackStep as SeriesJson['occurrences'][number]['fallbackStep'],
      unfilledReason: o.unfilledReason ? ((JSON.parse(o.unfilledReason) as { code: string }).code ?? null) : null,
    })),
    summary: {
      occurrences: v.occurrences.length,
      booked: count('booked'),
      unfilled: count('unfilled'),
      waiting: count('open', 'offered'),
      cancelled: count('cancelled'),
      mediators,
      mediatorChanges: v.mediatorChanges,
    },
    createdAt: formatInstant(v.series.createdAt),
    updatedAt: formatInstant(v.series.updatedAt),
  };
}

export const seriesRoutes = router()
  .openapi(create, async (c) => {
    const outcome = await createSeries(ctxOf(c), c.req.valid('json'), c.req.valid('header')['idempotency-key'], presentSeries);
    const body = outcome.body as SeriesJson;
    if (outcome.replayed) c.header('Idempotency-Replayed', 'true');
    c.header('Location', `/v1/series/${body.id}`);
    return c.json(body, 201);
  })
  .openapi(get, async (c) => c.json(presentSeries(await viewSeries(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(patch, async (c) => {
    const result = await updateSeries(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ ...presentSeries(result), changed: result.changed }, 200);
  })
  .openapi(cancel, async (c) => {
    const body = (c.req.valid('json') as z.infer<typeof SeriesCancel> | undefined) ?? {};
    const result = await cancelSeries(ctxOf(c), c.req.valid('param').id, body);
    return c.json({ ...presentSeries(result), cancelled: result.cancelled }, 200);
  });
