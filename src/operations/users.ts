import type { z } from '@hono/zod-openapi';
import type { UserRow } from '../../db/repositories/users.js';
import type { Ctx } from '../deps.js';
import { InvalidError } from '../domain/errors.js';
import { randomSecret, sha256Hex } from '../ids.js';
import type { UserCreate } from '../http/schemas/roster.js';
import { requireRole } from './access.js';

/** A new bearer token: shown once, stored only as its SHA-256. */
export function newToken(): string {
  return `mb_${randomSecret(32)}`;
}

/** Creates a user tied to its service (desk) or mediator (mediator); answers with the token once. */
export async function createUser(ctx: Ctx, input: z.infer<typeof UserCreate>): Promise<{ user: UserRow; token: string }> {
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
