import { z } from '@hono/zod-openapi';
import { LANGUAGE_TAG } from '../../domain/languages.js';
import { PHONE_PATTERN } from '../../domain/vocabulary.js';

/** An ISO 8601 instant with an offset or Z, e.g. 2026-03-29T09:30:00+02:00. */
export const Instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-29T09:30:00+02:00' })
  .refine((v) => {
    if (!/^\d{4}-/.test(v)) return true; // not a date at all: the format check above reports it
    const year = Number(v.slice(0, 4));
    return year >= 2000 && year <= 2099;
  }, 'must be between the years 2000 and 2099')
  .openapi({ example: '2026-03-30T09:30:00+02:00' });

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

export const AreaCode = z
  .string()
  .regex(/^[A-Z]{2,3}$/, 'must be an area code such as TO')
  .openapi({ example: 'TO' });

export const LanguageTag = z
  .string()
  .max(35)
  .regex(LANGUAGE_TAG, 'must be a BCP 47 language tag such as ar or ar-MA')
  .openapi({ example: 'ar-MA' });

export const Email = z.email({ message: 'must be an e-mail address' }).max(254);
export const Phone = z.string().regex(PHONE_PATTERN, 'must be a phone number');
export const ShortText = z.string().trim().min(1).max(200);
export const LongText = z.string().max(2000);

export const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Page size, 1–200 (default 50).' }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The nextCursor of the previous page.' }),
});

/**
 * `true` when what schema S parses to is exactly T, the input type of the operation it feeds
 * (optional, nullable and extra fields included); otherwise both types, for tsc's message.
 * Written `true satisfies ParsesTo<typeof Schema, OperationInput>;` under the schema: neither can drift.
 */
export type ParsesTo<S extends z.ZodType, T> =
  (<X>() => X extends z.output<S> ? 1 : 2) extends <X>() => X extends T ? 1 : 2 ? true : { schemaParsesTo: z.output<S>; operationTakes: T };

/** A paginated list: `{ items, nextCursor }` (null on the last page). */
export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable machine-readable error code.' }),
    errors: z.array(FieldErrorSchema).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** The error responses every authenticated route can give (spread into each route). */
export const commonErrors = {
  400: problem('Malformed request: the `errors` list names each field at fault.'),
  401: problem('Missing or invalid bearer token.'),
  403: problem('Your role may not do this.'),
  404: problem('Not found, or not yours to see.'),
  413: problem('Request body too large.'),
  422: problem('Well-formed but breaks a rule; `errors` names the field.'),
} as const;

export const conflictError = { 409: problem('Conflict with the current state.') } as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { required: true, description, content: { 'application/json': { schema } } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Routes that take no input besides the path: an empty JSON object or no body at all; anything else is refused. */
export const noBody = {
  body: { required: false, content: { 'application/json': { schema: z.strictObject({}) } } },
} as const;

/** The bookings a change to a mediator took away from them (released and matched again). */
export const Released = z
  .array(z.object({ appointmentId: z.string(), start: z.string() }))
  .openapi('Released', { description: 'Future bookings the change breaks: released, the desk and mediator told, matched again.' });

/** `?dryRun=true`: answer what the change would do, change nothing. */
export const DryRunQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'true: list what would be released, change nothing.' }),
});
