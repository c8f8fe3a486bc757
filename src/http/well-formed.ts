import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { problemResponse } from './problem.js';

/** Path of the first string (key or value) holding a lone UTF-16 surrogate, or null. Iterative: bodies may nest deeply. */
export function malformedTextPath(root: unknown): string | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return path || '(body)';
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const here = path ? `${path}.${key}` : key;
        if (!key.isWellFormed()) return here;
        stack.push([item, here]);
      }
    }
  }
  return null;
}

/**
 * JSON bodies that are not valid UTF-8, or hold unpaired surrogates, are refused (400): decoding would
 * store U+FFFD in their place and the text would silently change. Bodies that do not parse are left
 * to the route's validator.
 */
export function wellFormedText(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && /^application\/([a-z.+-]*\+)?json/i.test(c.req.header('content-type') ?? '')) {
      // Read as bytes first: c.req.json() would decode invalid UTF-8 as U+FFFD without a word.
      if (!isUtf8(await c.req.arrayBuffer())) {
        const message = 'is not valid UTF-8';
        return problemResponse(c, { status: 400, code: 'validation_failed', detail: `(body): ${message}`, errors: [{ path: '(body)', message }] });
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return next();
      }
      const path = malformedTextPath(body);
      if (path) {
        const message = 'contains an unpaired UTF-16 surrogate (malformed text)';
        return problemResponse(c, { status: 400, code: 'validation_failed', detail: `${path}: ${message}`, errors: [{ path, message }] });
      }
    }
    await next();
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: ArrayBuffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
