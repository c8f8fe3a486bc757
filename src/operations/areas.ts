import { isUniqueViolation } from '../../db/database.js';
import type { AreaRecord } from '../../db/repositories/areas.js';
import type { Ctx } from '../deps.js';
import { ConflictError, InvalidError } from '../domain/errors.js';
import { requireRole } from './access.js';

export type { AreaRecord } from '../../db/repositories/areas.js';

/** A new area: its travel minutes to every existing area, and within itself. */
export interface AreaInput {
  code: string;
  name: string;
  timezone: string;
  withinMinutes: number;
  travelMinutes: Record<string, number>;
}

/** Every area with its travel-minutes matrix (anyone signed in). */
export async function listAreas(ctx: Ctx): Promise<AreaRecord[]> {
  return ctx.repos.areas.list();
}

/** How many areas there are (the health check's sign that the database is migrated and seeded). */
export async function countAreas(ctx: Ctx): Promise<number> {
  return (await ctx.repos.areas.codes()).length;
}

/** Adds an area (coordinator); it must give travel minutes to every existing area and to no unknown one. */
export async function createArea(ctx: Ctx, input: AreaInput): Promise<AreaRecord> {
  requireRole(ctx.actor, 'coordinator');
  const existing = new Set(await ctx.repos.areas.codes());
  const missing = [...existing].filter((code) => input.travelMinutes[code] === undefined);
  if (missing.length > 0 && !existing.has(input.code)) {
    throw new InvalidError('travelMinutes', `Give travel minutes to every existing area; missing: ${missing.join(', ')}.`);
  }
  const unknown = Object.keys(input.travelMinutes).filter((code) => !existing.has(code));
  if (unknown.length > 0) throw new InvalidError('travelMinutes', `Unknown areas: ${unknown.join(', ')}.`);
  try {
    await ctx.repos.areas.create(input, ctx.clock.now());
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('area_exists', `Area ${input.code} already exists.`);
    throw error;
  }
  return (await ctx.repos.areas.list()).find((a) => a.code === input.code) as AreaRecord;
}
