import type { z } from '@hono/zod-openapi';
import type { MediatorRecord, MediatorWrite } from '../../db/repositories/mediators.js';
import type { Ctx } from '../deps.js';
import { weeklyRuleProblems, type WeeklyRule } from '../domain/availability.js';
import { DomainError, ForbiddenError, InvalidError, NotFoundError } from '../domain/errors.js';
import { parseInstant } from '../domain/time.js';
import type { MediatorCreate, MediatorPatch, TimeOffCreate } from '../http/schemas/roster.js';
import { assertMediatorVisible, requireRole } from './access.js';

/** Fields a mediator may change on their own profile; the rest is the coordinator's. */
const SELF_EDITABLE = new Set(['phone', 'email', 'locale']);

/** The served areas and the home area must exist; the error names the field at fault. */
async function assertAreas(ctx: Ctx, areas: string[], homeArea: string): Promise<void> {
  const known = new Set(await ctx.repos.areas.codes());
  const unknown = areas.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new InvalidError('areas', `Unknown area(s): ${unknown.join(', ')}.`);
  if (!known.has(homeArea)) throw new InvalidError('homeArea', `Unknown area(s): ${homeArea}.`);
}

export async function getMediator(ctx: Ctx, id: string): Promise<MediatorRecord> {
  requireRole(ctx.actor, 'coordinator', 'mediator');
  assertMediatorVisible(ctx.actor, id);
  const m = await ctx.repos.mediators.get(id);
  if (!m) throw new NotFoundError('mediator', id);
  return m;
}

export async function createMediator(ctx: Ctx, input: z.infer<typeof MediatorCreate>): Promise<MediatorRecord> {
  requireRole(ctx.actor, 'coordinator');
  const homeArea = input.homeArea ?? input.areas[0] ?? '';
  await assertAreas(ctx, input.areas, homeArea);
  const id = ctx.ids.next('med');
  const write: MediatorWrite = { ...input, homeArea, phone: input.phone ?? null, gender: input.gender ?? null };
  await ctx.db.batch(ctx.repos.mediators.createStatements(id, write, ctx.clock.now()));
  return (await ctx.repos.mediators.get(id)) as MediatorRecord;
}

export async function updateMediator(ctx: Ctx, id: string, patch: z.infer<typeof MediatorPatch>): Promise<MediatorRecord> {
  const current = await getMediator(ctx, id);
  if (ctx.actor.role === 'mediator') {
    const forbidden = Object.keys(patch).filter((k) => !SELF_EDITABLE.has(k));
    if (forbidden.length > 0) throw new ForbiddenError(`A mediator may change only ${[...SELF_EDITABLE].join(', ')}; ask a coordinator for: ${forbidden.join(', ')}.`);
  }
  const next: MediatorWrite = {
    name: patch.name ?? current.name,
    email: patch.email ?? current.email,
    phone: patch.phone !== undefined ? patch.phone : current.phone,
    gender: patch.gender !== undefined ? patch.gender : current.gender,
    homeArea: patch.homeArea ?? current.homeArea,
    languages: patch.languages ?? [...current.languages],
    areas: patch.areas ?? [...current.areas],
    modalities: patch.modalities ?? [...current.modalities],
    sectors: patch.sectors ?? [...current.sectors],
    maxWeeklyMinutes: patch.maxWeeklyMinutes ?? current.maxWeeklyMinutes,
    active: patch.active ?? current.active,
    locale: patch.locale ?? current.locale,
  };
  await assertAreas(ctx, next.areas, next.homeArea);
  await ctx.db.batch(ctx.repos.mediators.updateStatements(id, next, ctx.clock.now()));
  return (await ctx.repos.mediators.get(id)) as MediatorRecord;
}

export async function setAvailability(ctx: Ctx, id: string, rules: WeeklyRule[]): Promise<MediatorRecord> {
  await getMediator(ctx, id);
  const problems = weeklyRuleProblems(rules);
  if (problems.length > 0) {
    throw new DomainError(
      422,
      'invalid_availability',
      'Some availability rules end before they start.',
      problems.map(([i, message]) => ({ path: `rules.${i}.end`, message })),
    );
  }
  const sorted = [...rules].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  await ctx.repos.mediators.setAvailability(id, sorted, ctx.clock.now());
  return (await ctx.repos.mediators.get(id)) as MediatorRecord;
}

export async function addTimeOff(ctx: Ctx, mediatorId: string, input: z.infer<typeof TimeOffCreate>) {
  await getMediator(ctx, mediatorId);
  const start = parseInstant(input.start);
  const end = parseInstant(input.end);
  if (end <= start) throw new InvalidError('end', 'end must be after start.');
  if (end - start > 366 * 24 * 3600_000) throw new InvalidError('end', 'time off may span at most one year per entry.');
  const row = { id: ctx.ids.next('off'), mediatorId, startsAt: start, endsAt: end, reason: input.reason ?? null, createdAt: ctx.clock.now() };
  await ctx.repos.timeOff.create(row);
  return row;
}
