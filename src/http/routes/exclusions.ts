import { createRoute } from '@hono/zod-openapi';
import { createExclusion, listExclusions, removeExclusion } from '../../operations/exclusions.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentExclusion } from '../present.js';
import { commonErrors, Id, IdParam, jsonBody, jsonResponse, listOf, Released } from '../schemas/common.js';
import { Exclusion, ExclusionCreate, ExclusionListQuery } from '../schemas/roster.js';

const tags = ['exclusions'];

const list = createRoute({
  method: 'get',
  path: '/services/{id}/exclusions',
  tags,
  summary: "A service's exclusions (its desk, coordinator)",
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, query: ExclusionListQuery },
  responses: { 200: jsonResponse(listOf(Exclusion, 'ExclusionList'), 'A page of exclusions.'), ...commonErrors },
});

const create = createRoute({
  method: 'post',
  path: '/services/{id}/exclusions',
  tags,
  summary: 'Exclude a mediator from the service, or from one case (beneficiaryRef)',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, ...jsonBody(ExclusionCreate) },
  responses: { 201: jsonResponse(Exclusion.extend({ released: Released }), 'Created; the bookings it released.'), ...commonErrors },
});

const remove = createRoute({
  method: 'delete',
  path: '/services/{id}/exclusions/{exclusionId}',
  tags,
  summary: 'Lift an exclusion',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam.extend({ exclusionId: Id.openapi({ param: { name: 'exclusionId', in: 'path' } }) }) },
  responses: { 204: { description: 'Removed.' }, ...commonErrors },
});

export const exclusionsRoutes = router()
  .openapi(list, async (c) => {
    const page = await listExclusions(ctxOf(c), c.req.valid('param').id, c.req.valid('query'));
    return c.json({ items: page.items.map(presentExclusion), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const { exclusion, released } = await createExclusion(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ ...presentExclusion(exclusion), released }, 201);
  })
  .openapi(remove, async (c) => {
    const { id, exclusionId } = c.req.valid('param');
    await removeExclusion(ctxOf(c), id, exclusionId);
    return c.body(null, 204);
  });
