import type { UserRow } from '../../db/repositories/users.js';
import type { Actor, Ctx } from '../deps.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/vocabulary.js';
import { randomSecret, sha256Hex } from '../ids.js';
import { requireRole } from './access.js';
import { afterId, type Page, type PageInput } from './pagination.js';

export type { UserRow } from '../../db/repositories/users.js';

/** A new bearer token: shown once, stored only as its SHA-256. */
export function newToken(): string {
  return `mb_${randomSecret(32)}`;
}

/** Creates a user tied to its service (desk) or mediator (mediator); answers with the token once. */
export async function createUser(ctx: Ctx, input: UserInput): Promise<{ user: UserRow; token: string }> {
  requireRole(ctx.actor, 'coordinator');
  if (input.role === 'desk') {
    if (!input.serviceId) throw new InvalidError('serviceId', 'A desk user must be tied to a service.');
    if (!(await ctx.repos.services.get(input.serviceId))) throw new InvalidError('serviceId', `No service with id ${input.serviceId}.`);
  } else if (input.serviceId) {
    throw new InvalidError('serviceId', 'Only desk users are tied to a service.');
  }
  if (input.role === 'mediator') {
    if (!input.mediatorId) throw new InvalidError('mediatorId', 'A mediator user must be tied to a mediator.');
    if (!(await ctx.repos.mediators.get(input.mediatorId))) throw new InvalidError('mediatorId', `No mediator with id ${input.mediatorId}.`);
  } else if (input.mediatorId) {
    throw new InvalidError('mediatorId', 'Only mediator users are tied to a mediator.');
  }
  const token = newToken();
  const user: UserRow = {
    id: ctx.ids.next('usr'),
    role: input.role,
    name: input.name,
    email: input.email ?? null,
    serviceId: input.serviceId ?? null,
    mediatorId: input.mediatorId ?? null,
    tokenHash: await sha256Hex(token),
    createdAt: ctx.clock.now(),
    revokedAt: null,
  };
  await ctx.repos.users.create(user);
  return { user, token };
}

/** A new user: a desk is tied to its service, a mediator user to its mediator. */
export interface UserInput {
  role: Role;
  name: string;
  email?: string;
  serviceId?: string;
  mediatorId?: string;
}

export interface UserListQuery extends PageInput {
  role?: Role;
}

/** Users by id (coordinator). */
export async function listUsers(ctx: Ctx, query: UserListQuery): Promise<Page<UserRow>> {
  requireRole(ctx.actor, 'coordinator');
  return ctx.repos.users.list({ limit: query.limit, afterId: afterId(query.cursor), ...(query.role ? { role: query.role } : {}) });
}

/** The calling user's own account. */
export async function currentUser(ctx: Ctx): Promise<UserRow> {
  const user = await ctx.repos.users.get(ctx.actor.userId);
  if (!user) throw new NotFoundError('user', ctx.actor.userId);
  return user;
}

/** Revokes a user's token (coordinator): it stops working at once. */
export async function revokeUser(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx.actor, 'coordinator');
  if ((await ctx.repos.users.revoke(id, ctx.clock.now())) === 0) throw new NotFoundError('user', id);
}

/** Who a bearer token belongs to, or why it is refused: unknown or revoked, or an account not tied to its service or mediator. */
export type Authentication =
  | { actor: Actor }
  | { refused: 'unknown_token' }
  | { refused: 'account_incomplete'; role: 'desk' | 'mediator' };

type Account = Pick<UserRow, 'id' | 'role' | 'serviceId' | 'mediatorId'>;

/**
 * What keeps an account from acting, whether it signs in by token or by session: a stored role no
 * caller may have (such as system), or a desk without its service / a mediator user without its
 * mediator (who-sees-what filters rely on them). Null when it may act.
 */
export function accountProblem(user: Account): 'unknown_role' | 'incomplete' | null {
  if (!(ROLES as readonly string[]).includes(user.role)) return 'unknown_role';
  return (user.role === 'desk' && !user.serviceId) || (user.role === 'mediator' && !user.mediatorId) ? 'incomplete' : null;
}

/** The caller an account acts as (see accountProblem first). */
export function actorOf(user: Account): Actor {
  return { userId: user.id, role: user.role as Role, serviceId: user.serviceId, mediatorId: user.mediatorId };
}

/**
 * Resolves a token's SHA-256 to the caller, run by the system before there is one. Who-sees-what
 * filters rely on a desk having its service and a mediator user its mediator, so an account
 * without one is refused; a stored role no token may have (such as system) counts as unknown.
 */
export async function authenticate(ctx: Ctx, tokenHash: string): Promise<Authentication> {
  requireRole(ctx.actor, 'system');
  const user = await ctx.repos.users.byTokenHash(tokenHash);
  const problem = user ? accountProblem(user) : 'unknown_role';
  if (!user || problem === 'unknown_role') return { refused: 'unknown_token' };
  if (problem === 'incomplete') return { refused: 'account_incomplete', role: user.role as 'desk' | 'mediator' };
  return { actor: actorOf(user) };
}
