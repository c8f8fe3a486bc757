import type { OutboxRow } from '../../db/repositories/outbox.js';
import type { Ctx } from '../deps.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { OutboxStatus } from '../domain/vocabulary.js';
import { requireRole } from './access.js';
import { afterId, type Page, type PageInput } from './pagination.js';

export type { OutboxRow } from '../../db/repositories/outbox.js';

export interface OutboxListQuery extends PageInput {
  status?: OutboxStatus;
  appointmentId?: string;
  kind?: string;
}

/** One delivery attempt of a message. */
export interface OutboxAttempt {
  attempt: number;
  at: number;
  transport: string;
  error: string | null;
}

/** Every e-mail with its delivery state, oldest first (coordinator). */
export async function listOutboxMessages(ctx: Ctx, query: OutboxListQuery): Promise<Page<OutboxRow>> {
  requireRole(ctx.actor, 'coordinator');
  return ctx.repos.outbox.list({
    limit: query.limit,
    afterId: afterId(query.cursor),
    ...(query.status ? { status: query.status } : {}),
    ...(query.appointmentId ? { appointmentId: query.appointmentId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
  });
}

/** One message with every delivery attempt (coordinator). */
export async function getOutboxMessage(ctx: Ctx, id: string): Promise<{ message: OutboxRow; attempts: OutboxAttempt[] }> {
  requireRole(ctx.actor, 'coordinator');
  const [message, attempts] = await Promise.all([ctx.repos.outbox.get(id), ctx.repos.outbox.attempts(id)]);
  if (!message) throw new NotFoundError('message', id);
  return { message, attempts };
}

/** Queues a failed message again, from its first attempt (coordinator); any other state is a conflict. */
export async function retryOutboxMessage(ctx: Ctx, id: string): Promise<OutboxRow> {
  requireRole(ctx.actor, 'coordinator');
  const retried = await ctx.repos.outbox.retry(id, ctx.clock.now());
  if (retried) return retried;
  const row = await ctx.repos.outbox.get(id);
  if (!row) throw new NotFoundError('message', id);
  throw new ConflictError('not_failed', `Only failed messages can be retried; this one is ${row.status}.`);
}
