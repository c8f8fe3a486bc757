import { createRoute, z } from '@hono/zod-openapi';
import { createArea, listAreas } from '../../operations/areas.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { commonErrors, conflictError, jsonBody, jsonResponse } from '../schemas/common.js';
import { Area, AreaCreate } from '../schemas/roster.js';

const list = createRoute({
  method: 'get',
  path: '/areas',
  tags: ['areas'],
  summary: 'List areas with the travel-minutes matrix',
  security: bearerSecurity,
  responses: { 200: jsonResponse(z.object({ items: z.array(Area), nextCursor: z.null() }), 'All areas.'), ...commonErrors },
});

const create = createRoute({
  method: 'post',
  path: '/areas',
  tags: ['areas'],
  summary: 'Add an area (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: jsonBody(AreaCreate),
  responses: { 201: jsonResponse(Area, 'Created.'), ...commonErrors, ...conflictError },
});

export const areasRoutes = router()
  .openapi(list, async (c) => c.json({ items: await listAreas(ctxOf(c)), nextCursor: null }, 200))
  .openapi(create, async (c) => c.json(await createArea(ctxOf(c), c.req.valid('json')), 201));
