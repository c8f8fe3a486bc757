import type { MediatorRecord, MediatorWrite } from '../../db/repositories/mediators.js';
import type { TimeOffRow } from '../../db/repositories/time-off.js';
import type { Ctx } from '../deps.js';
import { weeklyRuleProblems, type WeeklyRule } from '../domain/availability.js';
import { DomainError, ForbiddenError, InvalidError, NotFoundError } from '../domain/errors.js';
import type { SpokenLanguage } from '../domain/languages.js';
import { parseInstant } from '../domain/time.js';
import type { Gender, Modality, NotifyBy, Sector } from '../domain/vocabulary.js';
import { assertMediatorVisible, requireRole } from './access.js';
import { assertKnownLanguages } from './languages.js';
import { afterId, afterInstant, type Page, type PageInput } from './pagination.js';
import { changeMediator, type MediatorChange, type Released } from './release.js';

export type { MediatorRecord } from '../../db/repositories/mediators.js';
export type { TimeOffRow } from '../../db/repositories/time-off.js';

/** Fields a mediator may change on their own profile; the rest is the coordinator's. */
const SELF_EDITABLE = new Set(['phone', 'email', 'locale', 'notifyBy']);

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

export async function createMediator(ctx: Ctx, input: MediatorInput): Promise<MediatorRecord> {
  requireRole(ctx.actor, 'coordinator');
  const homeArea = input.homeArea ?? input.areas[0] ?? '';
  await assertAreas(ctx, input.areas, homeArea);
  await assertKnownLanguages(ctx, input.languages.map((l, i) => ({ tag: l.code, path: `languages.${i}.code` })));
  const id = ctx.ids.next('med');
  const write: MediatorWrite = { ...input, homeArea, phone: input.phone ?? null, gender: input.gender ?? null };
  await ctx.db.batch(ctx.repos.mediators.createStatements(id, write, ctx.clock.now()));
  return (await ctx.repos.mediators.get(id)) as MediatorRecord;
}

/**
 * Changes a mediator. Their future bookings the change breaks (inactive, a language, area or
 * modality dropped) are released in the same batch and matched again: the answer lists them.
 * `dryRun`: nothing is written; only what would be released.
 */
export async function updateMediator(ctx: Ctx, id: string, patch: MediatorChanges, dryRun = false): Promise<{ mediator: MediatorRecord; released: Released[] }> {
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
    notifyBy: patch.notifyBy ?? current.notifyBy,
  };
  await assertAreas(ctx, next.areas, next.homeArea);
  if (patch.languages) await assertKnownLanguages(ctx, patch.languages.map((l, i) => ({ tag: l.code, path: `languages.${i}.code` })));
  const change: MediatorChange = { kind: 'profile', mediator: { ...current, ...next } };
  const released = await changeMediator(ctx, id, change, ctx.repos.mediators.updateStatements(id, next, ctx.clock.now()), dryRun);
  return { mediator: dryRun ? { ...current, ...next } : ((await ctx.repos.mediators.get(id)) as MediatorRecord), released };
}

/**
 * Replaces the weekly availability; the future bookings it no longer covers are released (see
 * updateMediator). `dryRun`: only the rules as they would be stored and what would be released.
 */
export async function setAvailability(ctx: Ctx, id: string, rules: WeeklyRule[], dryRun = false): Promise<{ rules: WeeklyRule[]; released: Released[] }> {
  const current = await getMediator(ctx, id);
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
  const change: MediatorChange = { kind: 'profile', mediator: { ...current, availability: sorted } };
  const released = await changeMediator(ctx, id, change, [ctx.repos.mediators.setAvailabilityStatement(id, sorted, ctx.clock.now())], dryRun);
  return { rules: sorted, released };
}

/** Records time off; the future bookings it covers are released (see updateMediator). `dryRun`: only what would be released. */
export async function addTimeOff(ctx: Ctx, mediatorId: string, input: TimeOffInput, dryRun = false): Promise<{ timeOff: TimeOffRow; released: Released[] }> {
  await getMediator(ctx, mediatorId);
  const start = parseInstant(input.start);
  const end = parseInstant(input.end);
  if (end <= start) throw new InvalidError('end', 'end must be after start.');
  if (end - start > 366 * 24 * 3600_000) throw new InvalidError('end', 'time off may span at most one year per entry.');
  const row = { id: ctx.ids.next('off'), mediatorId, startsAt: start, endsAt: end, reason: input.reason ?? null, createdAt: ctx.clock.now() };
  const released = await changeMediator(ctx, mediatorId, { kind: 'time_off', start, end }, [ctx.repos.timeOff.createStatement(row)], dryRun);
  return { timeOff: row, released };
}

/** A new mediator; without homeArea, the first of `areas`. */
export interface MediatorInput {
  name: string;
  email: string;
  phone?: string | null;
  gender?: Gender | null;
  homeArea?: string;
  languages: SpokenLanguage[];
  areas: string[];
  modalities: Modality[];
  sectors: Sector[];
  maxWeeklyMinutes: number;
  active: boolean;
  locale: 'it' | 'en';
  notifyBy: NotifyBy;
}

/** The fields to change on a mediator; absent ones stay (a mediator may change only phone, email, locale, notifyBy). */
export type MediatorChanges = Partial<MediatorWrite>;

/** Time off between two ISO 8601 instants. */
export interface TimeOffInput {
  start: string;
  end: string;
  reason?: string;
}

export interface MediatorListQuery extends PageInput {
  /** A primary language (ar) also finds its varieties (ar-MA). */
  language?: string;
  area?: string;
  active?: boolean;
}

/** Mediators by id: the roster for a coordinator, only themselves for a mediator. */
export async function listMediators(ctx: Ctx, query: MediatorListQuery): Promise<Page<MediatorRecord>> {
  requireRole(ctx.actor, 'coordinator', 'mediator');
  if (query.language) await assertKnownLanguages(ctx, [{ tag: query.language, path: 'query.language' }]);
  if (ctx.actor.role === 'mediator') {
    const self = await ctx.repos.mediators.get(ctx.actor.mediatorId ?? '');
    return { items: self ? [self] : [], nextCursor: null };
  }
  return ctx.repos.mediators.list({
    limit: query.limit,
    afterId: afterId(query.cursor),
    ...(query.language ? { language: query.language } : {}),
    ...(query.area ? { area: query.area } : {}),
    ...(query.active !== undefined ? { active: query.active } : {}),
  });
}

export interface TimeOffListQuery extends PageInput {
  /** ISO 8601 instants. */
  from?: string;
  to?: string;
}

/** A mediator's time off by start (the mediator themself, coordinator). */
export async function listTimeOff(ctx: Ctx, mediatorId: string, query: TimeOffListQuery): Promise<Page<TimeOffRow>> {
  await getMediator(ctx, mediatorId);
  return ctx.repos.timeOff.list({
    mediatorId,
    limit: query.limit,
    ...(query.cursor ? { after: afterInstant(query.cursor) } : {}),
    ...(query.from ? { from: parseInstant(query.from) } : {}),
    ...(query.to ? { to: parseInstant(query.to) } : {}),
  });
}

/** Removes one of a mediator's time-off entries (the mediator themself, coordinator). */
export async function removeTimeOff(ctx: Ctx, mediatorId: string, timeOffId: string): Promise<void> {
  await getMediator(ctx, mediatorId);
  if ((await ctx.repos.timeOff.delete(timeOffId, mediatorId)) === 0) throw new NotFoundError('time off', timeOffId);
}
