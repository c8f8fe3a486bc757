import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from '../ids.js';
import { authenticate } from '../operations/users.js';
import { type AppEnv, systemCtxOf } from './env.js';
import { problemResponse } from './problem.js';

/**
 * Resolves `Authorization: Bearer <token>` to an actor (tokens are stored as SHA-256 hashes).
 * Missing or unknown tokens answer 401 here, before any route runs; a desk or mediator account not
 * tied to its service or mediator answers 403.
 */
export function bearerAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/i.exec(header.trim());
    if (!match?.[1]) {
      return problemResponse(c, {
        status: 401,
        code: 'unauthorized',
        detail: 'Send Authorization: Bearer <token>.',
        headers: { 'WWW-Authenticate': 'Bearer realm="mediator-booking"' },
      });
    }
    const found = await authenticate(systemCtxOf(c), await sha256Hex(match[1]));
    if ('refused' in found) {
      if (found.refused === 'unknown_token') {
        return problemResponse(c, {
          status: 401,
          code: 'unauthorized',
          detail: 'The bearer token is not valid (unknown or revoked).',
          headers: { 'WWW-Authenticate': 'Bearer realm="mediator-booking", error="invalid_token"' },
        });
      }
      return problemResponse(c, {
        status: 403,
        code: 'account_incomplete',
        detail: `This ${found.role} account is not tied to a ${found.role === 'desk' ? 'service' : 'mediator'}; ask a coordinator to issue a new token.`,
      });
    }
    c.set('actor', found.actor);
    await next();
  };
}
