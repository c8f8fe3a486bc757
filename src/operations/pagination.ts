import type { AppointmentFilter, AppointmentWithMediator } from '../../db/repositories/appointments.js';
import { decodeCursor } from '../../db/repositories/cursor.js';
import type { Ctx } from '../deps.js';
import { InvalidError } from '../domain/errors.js';

/** What list operations take: a page size and the opaque `nextCursor` of the previous page. */
export interface PageInput {
  limit: number;
  cursor?: string;
}

/** A page of a list, as list operations return it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The id a single-key cursor points past (lists ordered by id). */
export function afterId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor);
  if (!key || key.length !== 1 || typeof key[0] !== 'string') throw new InvalidError('query.cursor', 'cursor is not one this API gave out.');
  return key[0];
}

/** The (instant, id) a two-key cursor points past (lists ordered by time). */
export function afterInstant(cursor: string | undefined): [number, string] | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor);
  if (!key || key.length !== 2 || typeof key[0] !== 'number' || typeof key[1] !== 'string') {
    throw new InvalidError('query.cursor', 'cursor is not one this API gave out.');
  }
  return [key[0], key[1]];
}

/** The position a single-number cursor points past (lists ordered by a number, like a file's rows). */
export function afterNumber(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor);
  if (!key || key.length !== 1 || typeof key[0] !== 'number') throw new InvalidError('query.cursor', 'cursor is not one this API gave out.');
  return key[0];
}

/** Every appointment the filter selects, by start, read a page at a time (the privacy exports). */
export async function allAppointments(ctx: Ctx, filter: Omit<AppointmentFilter, 'limit' | 'after'>): Promise<AppointmentWithMediator[]> {
  const all: AppointmentWithMediator[] = [];
  let after: [number, string] | undefined;
  do {
    const page = await ctx.repos.appointments.list({ ...filter, limit: 200, ...(after ? { after } : {}) });
    all.push(...page.items);
    const last = page.items.at(-1);
    after = page.nextCursor && last ? [last.startsAt, last.id] : undefined;
  } while (after);
  return all;
}
