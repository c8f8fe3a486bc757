import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type Actor, type Ctx, type Deps, SYSTEM_ACTOR } from '../deps.js';
import { UnauthorizedError } from '../domain/errors.js';
import { validationHook } from './problem.js';

export interface AppEnv {
  Variables: {
    deps: Deps;
    repos: Ctx['repos'];
    actor: Actor | undefined;
    requestId: string;
  };
}

/** A router whose validation failures become problem+json. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** The operation context for an authenticated request (401 if there is no caller). */
export function ctxOf(c: Context<AppEnv>): Ctx {
  const actor = c.get('actor');
  if (!actor) throw new UnauthorizedError();
  return { ...c.get('deps'), repos: c.get('repos'), actor };
}

/** The operation context for requests that carry their credential in the URL (feeds, offer links) or none (auth itself). */
export function systemCtxOf(c: Context<AppEnv>): Ctx {
  return { ...c.get('deps'), repos: c.get('repos'), actor: SYSTEM_ACTOR };
}

export const bearerSecurity = [{ bearerAuth: [] }];
