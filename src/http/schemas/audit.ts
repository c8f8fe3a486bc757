import { z } from '@hono/zod-openapi';
import type { AuditQuery as AuditQueryInput } from '../../operations/audit.js';
import { Instant, type ParsesTo, PageQuery } from './common.js';

const Name = z.string().min(1).max(64);

export const AuditQuery = PageQuery.extend({
  entity: Name.optional().openapi({ description: 'appointment, mediator, service, user…' }),
  entityId: Name.optional(),
  actor: Name.optional().openapi({ description: 'The user who made the change, or `system`.' }),
  from: Instant.optional().openapi({ description: 'Entries at or after this instant.' }),
  to: Instant.optional().openapi({ description: 'Entries before this instant.' }),
});
true satisfies ParsesTo<typeof AuditQuery, AuditQueryInput>;

export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string().nullable().openapi({ description: 'A user id, or `system`.' }),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');
