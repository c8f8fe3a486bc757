import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { DomainError, type FieldError } from '../domain/errors.js';
import { withoutAddresses } from '../redact.js';

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  501: 'Not implemented',
};

export interface ProblemInit {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An RFC 9457 problem+json response with a stable `code`. */
export function problemResponse(c: Context, p: ProblemInit): Response {
  const body = {
    type: `urn:mediator-booking:problem:${p.code}`,
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    detail: p.detail,
    code: p.code,
    ...(p.errors && p.errors.length > 0 ? { errors: p.errors } : {}),
    ...p.extra,
    requestId: c.get('requestId'),
  };
  // Through the context, so the headers every response carries (app.ts) are kept.
  return c.body(JSON.stringify(body), p.status as ContentfulStatusCode, {
    ...p.headers,
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

export function zodFieldErrors(error: ZodError, target?: string): FieldError[] {
  const prefix = target && target !== 'json' ? `${target === 'param' ? 'path' : target}.` : '';
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${prefix}${path ? `${path}.` : ''}${key}`, message: 'is not a known field' }));
    }
    return [{ path: `${prefix}${path}` || target || '(body)', message: issue.message }];
  });
}

/** OpenAPIHono defaultHook: a failed zod validation becomes a 400 naming every field at fault. */
export function validationHook(
  result: { success: boolean; error?: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined;
  const errors = zodFieldErrors(result.error, result.target);
  return problemResponse(c, {
    status: 400,
    code: 'validation_failed',
    detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  });
}

/** The one error mapper: domain errors by their status/code, HTTP exceptions as-is, anything else a bare 500. */
export function onError(error: Error, c: Context, log: (message: string, fields: Record<string, unknown>) => void): Response {
  if (error instanceof DomainError) {
    return problemResponse(c, { status: error.status, code: error.code, detail: error.message, errors: error.errors, extra: error.extra });
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 400 ? 'malformed_body' : status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : `http_${status}`;
    return problemResponse(c, { status, code, detail: error.message || TITLES[status] || 'Error' });
  }
  log('unhandled error', { requestId: c.get('requestId'), error: withoutAddresses(String(error?.stack ?? error)) });
  return problemResponse(c, { status: 500, code: 'internal', detail: 'Something went wrong on our side. Quote the requestId when reporting it.' });
}
