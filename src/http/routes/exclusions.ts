import { createRoute } from '@hono/zod-openapi';
import { InvalidError, NotFoundError } from '../../domain/errors.js';
import { assertServiceVisible } from '../../operations/access.js';
import type { Ctx } from '../../deps.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { afterId } from '../pagination.js';
import { presentExclusion } from '../present.js';
import { commonErrors, Id, IdParam, jsonBody, jsonResponse, listOf, PageQuery } from '../schemas/common.js';
import { Exclusion, ExclusionCreate } from '../schemas/roster.js';

const tags = ['exclusions'];

const list = createRoute({
  method: 'get',
  path: '/services/{id}/exclusions',
  tags,
  summary: "A service's exclusions (its desk, coordinator)",
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, query: PageQuery.extend({ mediatorId: Id.optional() }) },
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
  responses: { 201: jsonResponse(Exclusion, 'Created.'), ...commonErrors },
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

async function serviceFor(ctx: Ctx, id: string) {
  assertServiceVisible(ctx.actor, id);
  if (!(await ctx.repos.services.get(id))) throw new NotFoundError('service', id);
}

export const exclusionsRoutes = router()
  .openapi(list, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    await serviceFor(ctx, id);
    const q = c.req.valid('query');
    const page = await ctx.repos.exclusions.list({ serviceId: id, limit: q.limit, afterId: afterId(q.cursor), ...(q.mediatorId ? { mediatorId: q.mediatorId } : {}) });
    return c.json({ items: page.items.map(presentExclusion), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    await serviceFor(ctx, id);
    const body = c.req.valid('json');
    if (!(await ctx.repos.mediators.get(body.mediatorId))) throw new InvalidError('mediatorId', `No mediator with id ${body.mediatorId}.`);
    const row = {
      id: ctx.ids.next('exc'),
      serviceId: id,
      mediatorId: body.mediatorId,
      beneficiaryRef: body.beneficiaryRef ?? null,
      reason: body.reason,
      createdBy: ctx.actor.userId,
      createdAt: ctx.clock.now(),
    };
    await ctx.repos.exclusions.create(row);
    return c.json(presentExclusion(row), 201);
  })
  .openapi(remove, async (c) => {
    const ctx = ctxOf(c);
    const { id, exclusionId } = c.req.valid('param');
    await serviceFor(ctx, id);
    if ((await ctx.repos.exclusions.delete(exclusionId, id)) === 0) throw new NotFoundError('exclusion', exclusionId);
    return c.body(null, 204);
  });
