import { createRoute } from '@hono/zod-openapi';
import { InvalidError, NotFoundError } from '../../domain/errors.js';
import { assertServiceVisible } from '../../operations/access.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { afterId } from '../pagination.js';
import { presentService } from '../present.js';
import { AreaCode, commonErrors, IdParam, jsonBody, jsonResponse, listOf, PageQuery } from '../schemas/common.js';
import { Service, ServiceCreate, ServicePatch } from '../schemas/roster.js';

const tags = ['services'];

const list = createRoute({
  method: 'get',
  path: '/services',
  tags,
  summary: 'List services (coordinator: all; desk: its own)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'desk')] as const,
  request: { query: PageQuery.extend({ area: AreaCode.optional() }) },
  responses: { 200: jsonResponse(listOf(Service, 'ServiceList'), 'A page of services.'), ...commonErrors },
});

const get = createRoute({
  method: 'get',
  path: '/services/{id}',
  tags,
  summary: 'Get a service',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'desk')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(Service, 'The service.'), ...commonErrors },
});

const create = createRoute({
  method: 'post',
  path: '/services',
  tags,
  summary: 'Create a booking desk (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: jsonBody(ServiceCreate),
  responses: { 201: jsonResponse(Service, 'Created.'), ...commonErrors },
});

const patch = createRoute({
  method: 'patch',
  path: '/services/{id}',
  tags,
  summary: 'Change a service (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, ...jsonBody(ServicePatch) },
  responses: { 200: jsonResponse(Service, 'Updated.'), ...commonErrors },
});

export const servicesRoutes = router()
  .openapi(list, async (c) => {
    const ctx = ctxOf(c);
    const q = c.req.valid('query');
    const page = await ctx.repos.services.list({
      limit: q.limit,
      afterId: afterId(q.cursor),
      ...(q.area ? { area: q.area } : {}),
      ...(ctx.actor.role === 'desk' ? { onlyId: ctx.actor.serviceId ?? '' } : {}),
    });
    return c.json({ items: page.items.map(presentService), nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    assertServiceVisible(ctx.actor, id);
    const service = await ctx.repos.services.get(id);
    if (!service) throw new NotFoundError('service', id);
    return c.json(presentService(service), 200);
  })
  .openapi(create, async (c) => {
    const ctx = ctxOf(c);
    const body = c.req.valid('json');
    if (!(await ctx.repos.areas.exists(body.area))) throw new InvalidError('area', `Unknown area ${body.area}.`);
    const id = ctx.ids.next('svc');
    await ctx.repos.services.create(
      { id, name: body.name, kind: body.kind, areaCode: body.area, address: body.address, contactEmail: body.contactEmail, phone: body.phone ?? null },
      ctx.clock.now(),
    );
    const created = await ctx.repos.services.get(id);
    return c.json(presentService(created as NonNullable<typeof created>), 201);
  })
  .openapi(patch, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.area && !(await ctx.repos.areas.exists(body.area))) throw new InvalidError('area', `Unknown area ${body.area}.`);
    const { area, ...rest } = body;
    const changed = await ctx.repos.services.update(id, { ...rest, ...(area ? { areaCode: area } : {}) }, ctx.clock.now());
    if (changed === 0) throw new NotFoundError('service', id);
    const updated = await ctx.repos.services.get(id);
    return c.json(presentService(updated as NonNullable<typeof updated>), 200);
  });

