import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../rate-limiter.js';
import type { AppEnv } from './env.js';
import { problemResponse } from './problem.js';

/** What a credential-bearing request is counted by, and which answers mean "a wrong guess". */
export interface Guessable {
  /** The part of the credential that names what is guessed at (a token's first characters, an offer id, a feed's owner). */
  prefix(c: Context<AppEnv>): string | null;
  failed(status: number, c: Context<AppEnv>): boolean;
}

/**
 * The client's address: the socket's on Node (a header could be forged there), Cloudflare's
 * `cf-connecting-ip` on Workers.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? 'unknown';
}

/**
 * Limits guessing: wrong tokens and links are counted per client and per credential prefix, and
 * past the limit both answer 429 with Retry-After until the window ends.
 */
export function limitGuessing(limiter: RateLimiter, kind: string, guessable: Guessable): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const prefix = guessable.prefix(c);
    const keys = [`client:${clientAddress(c)}`, ...(prefix ? [`${kind}:${prefix}`] : [])];
    const wait = Math.max(...keys.map((k) => limiter.retryAfter(k)));
    if (wait > 0) {
      return problemResponse(c, {
        status: 429,
        code: 'too_many_requests',
        detail: `Too many failed attempts; retry in ${wait} s.`,
        headers: { 'Retry-After': String(wait) },
      });
    }
    await next();
    if (guessable.failed(c.res.status, c)) for (const k of keys) limiter.fail(k);
  };
}
