import { createMiddleware } from 'hono/factory';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import type { Role } from '../domain/vocabulary.js';
import type { AppEnv } from './env.js';

/** Route middleware: the wrong role gets 403 before the body is even validated. */
export function allow(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new UnauthorizedError();
    if (!roles.includes(actor.role)) throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
    await next();
  });
}
