import { createRoute, z } from '@hono/zod-openapi';
import {
  addTimeOff,
  createMediator,
  getMediator,
  listMediators,
  listTimeOff,
  removeTimeOff,
  setAvailability,
  updateMediator,
} from '../../operations/mediators.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentMediator, presentTimeOff } from '../present.js';
import { commonErrors, DryRunQuery, Id, IdParam, jsonBody, jsonResponse, listOf, Released } from '../schemas/common.js';
import { Availability, Mediator, MediatorCreate, MediatorListQuery, MediatorPatch, TimeOff, TimeOffCreate, TimeOffListQuery } from '../schemas/roster.js';

const tags = ['mediators'];

const list = createRoute({
  method: 'get',
  path: '/mediators',
  tags,
  summary: 'List mediators (coordinator: all; mediator: themselves)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { query: MediatorListQuery },
  responses: { 200: jsonResponse(listOf(Mediator, 'MediatorList'), 'A page of mediators.'), ...commonErrors },
});

const get = createRoute({
  method: 'get',
  path: '/mediators/{id}',
  tags,
  summary: 'Get a mediator',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Mediator, 'The mediator.'), ...commonErrors },
});

const create = createRoute({
  method: 'post',
  path: '/mediators',
  tags,
  summary: 'Add a mediator to the roster (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: jsonBody(MediatorCreate),
  responses: { 201: jsonResponse(Mediator, 'Created.'), ...commonErrors },
});

const patch = createRoute({
  method: 'patch',
  path: '/mediators/{id}',
  tags,
  summary: 'Change a mediator (coordinator; the mediator may change phone, email, locale)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam, ...jsonBody(MediatorPatch) },
  responses: { 200: jsonResponse(Mediator.extend({ released: Released }), 'Updated; the bookings the change released.'), ...commonErrors },
});

const getAvailability = createRoute({
  method: 'get',
  path: '/mediators/{id}/availability',
  tags,
  summary: 'Weekly availability rules (wall-clock, Europe/Rome)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Availability, 'The rules.'), ...commonErrors },
});

const putAvailability = createRoute({
  method: 'put',
  path: '/mediators/{id}/availability',
  tags,
  summary: 'Replace the weekly availability rules (mediator self, coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam, query: DryRunQuery, ...jsonBody(Availability) },
  responses: { 200: jsonResponse(Availability.extend({ released: Released }), 'The rules as stored (or as they would be); the bookings released.'), ...commonErrors },
});

const listTimeOffRoute = createRoute({
  method: 'get',
  path: '/mediators/{id}/time-off',
  tags,
  summary: 'Time off (indisponibilità)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam, query: TimeOffListQuery },
  responses: { 200: jsonResponse(listOf(TimeOff, 'TimeOffList'), 'A page of time off.'), ...commonErrors },
});

const createTimeOff = createRoute({
  method: 'post',
  path: '/mediators/{id}/time-off',
  tags,
  summary: 'Add time off (mediator self, coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam, query: DryRunQuery, ...jsonBody(TimeOffCreate) },
  responses: {
    200: jsonResponse(z.object({ released: Released }), 'With dryRun=true: the bookings it would release; nothing is recorded.'),
    201: jsonResponse(TimeOff.extend({ released: Released }), 'Created; the bookings it released.'),
    ...commonErrors,
  },
});

const deleteTimeOff = createRoute({
  method: 'delete',
  path: '/mediators/{id}/time-off/{timeOffId}',
  tags,
  summary: 'Remove time off (mediator self, coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'mediator')] as const,
  request: { params: IdParam.extend({ timeOffId: Id.openapi({ param: { name: 'timeOffId', in: 'path' } }) }) },
  responses: { 204: { description: 'Removed.' }, ...commonErrors },
});

export const mediatorsRoutes = router()
  .openapi(list, async (c) => {
    const { active, ...q } = c.req.valid('query');
    const page = await listMediators(ctxOf(c), { ...q, ...(active ? { active: active === 'true' } : {}) });
    return c.json({ items: page.items.map(presentMediator), nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => c.json(presentMediator(await getMediator(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(create, async (c) => c.json(presentMediator(await createMediator(ctxOf(c), c.req.valid('json'))), 201))
  .openapi(patch, async (c) => {
    const { mediator, released } = await updateMediator(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ ...presentMediator(mediator), released }, 200);
  })
  .openapi(getAvailability, async (c) => {
    const m = await getMediator(ctxOf(c), c.req.valid('param').id);
    return c.json({ rules: [...m.availability], timezone: c.get('deps').config.zone }, 200);
  })
  .openapi(putAvailability, async (c) => {
    const dryRun = c.req.valid('query').dryRun === 'true';
    const { rules, released } = await setAvailability(ctxOf(c), c.req.valid('param').id, c.req.valid('json').rules, dryRun);
    return c.json({ rules, timezone: c.get('deps').config.zone, released }, 200);
  })
  .openapi(listTimeOffRoute, async (c) => {
    const page = await listTimeOff(ctxOf(c), c.req.valid('param').id, c.req.valid('query'));
    return c.json({ items: page.items.map(presentTimeOff), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createTimeOff, async (c) => {
    const dryRun = c.req.valid('query').dryRun === 'true';
    const { timeOff, released } = await addTimeOff(ctxOf(c), c.req.valid('param').id, c.req.valid('json'), dryRun);
    if (dryRun) return c.json({ released }, 200);
    return c.json({ ...presentTimeOff(timeOff), released }, 201);
  })
  .openapi(deleteTimeOff, async (c) => {
    const { id, timeOffId } = c.req.valid('param');
    await removeTimeOff(ctxOf(c), id, timeOffId);
    return c.body(null, 204);
  });
