import { createMiddleware } from 'hono/factory';
import { UnauthorizedError } from '../domain/errors.js';
import type { Role } from '../domain/vocabulary.js';
import { requireRole } from '../operations/access.js';
import type { AppEnv } from './env.js';

/** Route middleware: the wrong role gets 403 before the body is even validated. */
export function allow(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new UnauthorizedError();
    requireRole(actor, ...roles);
    await next();
  });
}
