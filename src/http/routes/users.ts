import { createRoute } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.js';
import { createUser } from '../../operations/users.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { afterId } from '../pagination.js';
import { presentUser } from '../present.js';
import { commonErrors, IdParam, jsonBody, jsonResponse, listOf, PageQuery } from '../schemas/common.js';
import { Role, User, UserCreate, UserWithToken } from '../schemas/roster.js';

const tags = ['users'];

const create = createRoute({
  method: 'post',
  path: '/users',
  tags,
  summary: 'Create a user and its bearer token (coordinator); the token is shown only here',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: jsonBody(UserCreate),
  responses: { 201: jsonResponse(UserWithToken, 'Created, with its token.'), ...commonErrors },
});

const list = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'List users (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { query: PageQuery.extend({ role: Role.optional() }) },
  responses: { 200: jsonResponse(listOf(User, 'UserList'), 'A page of users.'), ...commonErrors },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'Who the token belongs to',
  security: bearerSecurity,
  responses: { 200: jsonResponse(User, 'The calling user.'), ...commonErrors },
});

const revoke = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags,
  summary: "Revoke a user's token (coordinator)",
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked.' }, ...commonErrors },
});

export const usersRoutes = router()
  .openapi(create, async (c) => {
    const ctx = ctxOf(c);
    const { user, token } = await createUser(ctx, c.req.valid('json'));
    return c.json({ ...presentUser(user), token }, 201);
  })
  .openapi(list, async (c) => {
    const ctx = ctxOf(c);
    const q = c.req.valid('query');
    const page = await ctx.repos.users.list({ limit: q.limit, afterId: afterId(q.cursor), ...(q.role ? { role: q.role } : {}) });
    return c.json({ items: page.items.map(presentUser), nextCursor: page.nextCursor }, 200);
  })
  .openapi(me, async (c) => {
    const ctx = ctxOf(c);
    const user = await ctx.repos.users.get(ctx.actor.userId);
    if (!user) throw new NotFoundError('user', ctx.actor.userId);
    return c.json(presentUser(user), 200);
  })
  .openapi(revoke, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    if ((await ctx.repos.users.revoke(id, ctx.clock.now())) === 0) throw new NotFoundError('user', id);
    return c.body(null, 204);
  });

