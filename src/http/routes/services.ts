import { createRoute } from '@hono/zod-openapi';
import { createService, getService, listServices, updateService } from '../../operations/services.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentService } from '../present.js';
import { commonErrors, IdParam, jsonBody, jsonResponse, listOf } from '../schemas/common.js';
import { Service, ServiceCreate, ServiceListQuery, ServicePatch } from '../schemas/roster.js';

const tags = ['services'];

const list = createRoute({
  method: 'get',
  path: '/services',
  tags,
  summary: 'List services (coordinator: all; desk: its own)',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'desk')] as const,
  request: { query: ServiceListQuery },
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
    const page = await listServices(ctxOf(c), c.req.valid('query'));
    return c.json({ items: page.items.map(presentService), nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => c.json(presentService(await getService(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(create, async (c) => c.json(presentService(await createService(ctxOf(c), c.req.valid('json'))), 201))
  .openapi(patch, async (c) =>
    c.json(presentService(await updateService(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
