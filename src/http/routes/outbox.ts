import { createRoute, z } from '@hono/zod-openapi';
import type { OutboxRow } from '../../../db/repositories/outbox.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { formatInstant, formatNullable } from '../../domain/time.js';
import type { OutboxStatus } from '../../domain/vocabulary.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { afterId } from '../pagination.js';
import { allow } from '../roles.js';
import { commonErrors, conflictError, IdParam, jsonResponse, listOf, noBody } from '../schemas/common.js';
import { OutboxMessage, OutboxMessageDetail, OutboxQuery } from '../schemas/mail.js';

const tags = ['outbox'];

const list = createRoute({
  method: 'get',
  path: '/outbox',
  tags,
  summary: 'Every e-mail with its delivery state (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { query: OutboxQuery },
  responses: { 200: jsonResponse(listOf(OutboxMessage, 'OutboxList'), 'A page of messages, oldest first.'), ...commonErrors },
});

const get = createRoute({
  method: 'get',
  path: '/outbox/{id}',
  tags,
  summary: 'One message with every delivery attempt (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(OutboxMessageDetail, 'The message.'), ...commonErrors },
});

const retry = createRoute({
  method: 'post',
  path: '/outbox/{id}/retry',
  tags,
  summary: 'Send a failed message again (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, ...noBody },
  responses: { 200: jsonResponse(OutboxMessage, 'Queued again.'), ...commonErrors, ...conflictError },
});

export function presentOutbox(r: OutboxRow): z.infer<typeof OutboxMessage> {
  return {
    id: r.id,
    messageId: r.messageId,
    kind: r.kind,
    appointmentId: r.appointmentId,
    to: JSON.parse(r.to) as string[],
    cc: JSON.parse(r.cc) as string[],
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    nextAttemptAt: formatInstant(r.nextAttemptAt),
    lastError: r.lastError,
    createdAt: formatInstant(r.createdAt),
    sentAt: formatNullable(r.sentAt),
  };
}

export const outboxRoutes = router()
  .openapi(list, async (c) => {
    const ctx = ctxOf(c);
    const q = c.req.valid('query');
    const page = await ctx.repos.outbox.list({
      limit: q.limit,
      afterId: afterId(q.cursor),
      ...(q.status ? { status: q.status } : {}),
      ...(q.appointmentId ? { appointmentId: q.appointmentId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
    });
    return c.json({ items: page.items.map(presentOutbox), nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    const [row, attempts] = await Promise.all([ctx.repos.outbox.get(id), ctx.repos.outbox.attempts(id)]);
    if (!row) throw new NotFoundError('message', id);
    return c.json(
      { ...presentOutbox(row), attemptLog: attempts.map((a) => ({ attempt: a.attempt, at: formatInstant(a.at), transport: a.transport, error: a.error })) },
      200,
    );
  })
  .openapi(retry, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    const retried = await ctx.repos.outbox.retry(id, ctx.clock.now());
    if (retried) return c.json(presentOutbox(retried), 200);
    const row = await ctx.repos.outbox.get(id);
    if (!row) throw new NotFoundError('message', id);
    throw new ConflictError('not_failed', `Only failed messages can be retried; this one is ${row.status}.`);
  });
