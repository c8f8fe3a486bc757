import { createRoute, z } from '@hono/zod-openapi';
import { isUniqueViolation } from '../../../db/database.js';
import { ConflictError, InvalidError } from '../../domain/errors.js';
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
  .openapi(list, async (c) => {
    ctxOf(c);
    return c.json({ items: await c.get('repos').areas.list(), nextCursor: null }, 200);
  })
  .openapi(create, async (c) => {
    const ctx = ctxOf(c);
    const body = c.req.valid('json');
    const existing = new Set(await ctx.repos.areas.codes());
    const missing = [...existing].filter((code) => body.travelMinutes[code] === undefined);
    if (missing.length > 0 && !existing.has(body.code)) {
      throw new InvalidError('travelMinutes', `Give travel minutes to every existing area; missing: ${missing.join(', ')}.`);
    }
    const unknown = Object.keys(body.travelMinutes).filter((code) => !existing.has(code));
    if (unknown.length > 0) throw new InvalidError('travelMinutes', `Unknown areas: ${unknown.join(', ')}.`);
    try {
      await ctx.repos.areas.create(body, ctx.clock.now());
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('area_exists', `Area ${body.code} already exists.`);
      throw error;
    }
    const created = (await ctx.repos.areas.list()).find((a) => a.code === body.code);
    return c.json(created as z.infer<typeof Area>, 201);
  });
