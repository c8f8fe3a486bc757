import { createRoute } from '@hono/zod-openapi';
import { listAudit } from '../../operations/audit.js';
import { presentAudit } from '../present.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { allow } from '../roles.js';
import { AuditEntry, AuditQuery } from '../schemas/audit.js';
import { commonErrors, jsonResponse, listOf } from '../schemas/common.js';

const list = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'Every recorded state change, oldest first, by entity, actor and period (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(listOf(AuditEntry, 'AuditList'), 'A page of entries, oldest first.'), ...commonErrors },
});

export const auditRoutes = router().openapi(list, async (c) => {
  const page = await listAudit(ctxOf(c), c.req.valid('query'));
  return c.json({ items: page.items.map(presentAudit), nextCursor: page.nextCursor }, 200);
});
