import { createRoute, z } from '@hono/zod-openapi';
import { formatInstant, formatNullable } from '../../domain/time.js';
import type { OutboxStatus } from '../../domain/vocabulary.js';
import { getOutboxMessage, listOutboxMessages, type OutboxRow, retryOutboxMessage } from '../../operations/outbox.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
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
    const page = await listOutboxMessages(ctxOf(c), c.req.valid('query'));
    return c.json({ items: page.items.map(presentOutbox), nextCursor: page.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    const { message, attempts } = await getOutboxMessage(ctxOf(c), c.req.valid('param').id);
    return c.json(
      { ...presentOutbox(message), attemptLog: attempts.map((a) => ({ attempt: a.attempt, at: formatInstant(a.at), transport: a.transport, error: a.error })) },
      200,
    );
  })
  .openapi(retry, async (c) => c.json(presentOutbox(await retryOutboxMessage(ctxOf(c), c.req.valid('param').id)), 200));
