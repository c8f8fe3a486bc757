import { createRoute } from '@hono/zod-openapi';
import { createUser, currentUser, listUsers, revokeUser } from '../../operations/users.js';
import { allow } from '../roles.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { presentUser } from '../present.js';
import { commonErrors, IdParam, jsonBody, jsonResponse, listOf } from '../schemas/common.js';
import { User, UserCreate, UserListQuery, UserWithToken } from '../schemas/roster.js';

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
  request: { query: UserListQuery },
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
    const page = await listUsers(ctxOf(c), c.req.valid('query'));
    return c.json({ items: page.items.map(presentUser), nextCursor: page.nextCursor }, 200);
  })
  .openapi(me, async (c) => c.json(presentUser(await currentUser(ctxOf(c))), 200))
  .openapi(revoke, async (c) => {
    await revokeUser(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
