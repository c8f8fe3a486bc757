import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.js';

/**
 * Refuses request bodies over `maxSize` bytes through `tooLarge`. A body whose length is declared
 * (Content-Length without Transfer-Encoding) is judged by that header alone: the HTTP server reads
 * exactly that many bytes and no more (Node's parser, workerd). Only a body without a declared
 * length (chunked) is counted as it streams in, by Hono's bodyLimit. GET and HEAD carry none.
 * Hono's bodyLimit alone first asks the request for its body stream, which on Node builds the whole
 * Fetch Request and a web stream for every POST; the route then reads the body through them.
 */
export function bodyLimit(maxSize: number, tooLarge: (c: Context<AppEnv>) => Response): MiddlewareHandler<AppEnv> {
  const streaming = streamingBodyLimit({ maxSize, onError: tooLarge });
  return (c: Context<AppEnv>, next: Next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && /^\d{1,15}$/.test(length)) {
      return Number(length) > maxSize ? Promise.resolve(tooLarge(c)) : next();
    }
    return streaming(c, next);
  };
}
