import type { Ctx } from '../deps.js';
import { COVERAGE_DIMENSIONS, type CoverageDimension, type CoverageReport, coverageReport } from '../domain/coverage.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import { DAY } from '../domain/intervals.js';
import { catalogueEntry } from '../domain/language-catalogue.js';
import { type SupplyDemandWeek, supplyDemandByWeek } from '../domain/supply-demand.js';
import { budgetUse, type SessionLine, type TimesheetRow, timesheetsFromTotals } from '../domain/timesheets.js';
import { requireRole } from './access.js';

const MAX_PERIOD = 400 * DAY;

function checkPeriod(from: number, to: number): void {
  // Query parameters: named as the request validator names them.
  if (to <= from) throw new InvalidError('query.to', 'to must be after from.');
  if (to - from > MAX_PERIOD) throw new InvalidError('query.to', 'A report covers at most 400 days.');
}

export function parseGroupBy(text: string): CoverageDimension[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !COVERAGE_DIMENSIONS.includes(p as CoverageDimension));
  if (unknown.length > 0) throw new InvalidError('query.groupBy', `Unknown dimension(s): ${unknown.join(', ')}. Use: ${COVERAGE_DIMENSIONS.join(', ')}.`);
  if (new Set(parts).size !== parts.length) throw new InvalidError('query.groupBy', 'A dimension is listed twice.');
  return parts as CoverageDimension[];
}

/** Requests counted in a coverage report: only those of this sector, modality and service, when given. Supply is not filtered. */
export interface CoverageFilter {
  sector?: string | undefined;
  modality?: string | undefined;
  serviceId?: string | undefined;
}

/** The coordinators' coverage report: demand, fills, gaps and supply for a period (coordinator only). */
export async function coverage(ctx: Ctx, from: number, to: number, groupBy: CoverageDimension[], filter: CoverageFilter = {}): Promise<CoverageReport> {
  const [report] = await coverageViews(ctx, from, to, [groupBy], filter);
  return report as CoverageReport;
}

/** The same period read once and reported under several groupings (the dashboard's heat map and weeks). */
export async function coverageViews(ctx: Ctx, from: number, to: number, groupings: CoverageDimension[][], filter: CoverageFilter = {}): Promise<CoverageReport[]> {
  requireRole(ctx.actor, 'coordinator');
  checkPeriod(from, to);
  const [all, mediators, serviceAreas] = await Promise.all([
    ctx.repos.reports.demand(from, to),
    ctx.repos.reports.supply(from, to),
    ctx.repos.reports.serviceAreas(),
  ]);
  const { sector, modality, serviceId } = filter;
  const demand = sector || modality || serviceId ? all.filter((r) => (!sector || r.sector === sector) && (!modality || r.modality === modality) && (!serviceId || r.serviceId === serviceId)) : all;
  return groupings.map((groupBy) => coverageReport({ from, to, zone: ctx.config.zone, now: ctx.clock.now(), groupBy, demand, mediators, serviceAreas }));
}

/** Requested hours against the available hours of the matching mediators, by week, for one language and area (coordinator only). */
export async function supplyAndDemand(ctx: Ctx, from: number, to: number, language: string, area: string): Promise<SupplyDemandWeek[]> {
  requireRole(ctx.actor, 'coordinator');
  checkPeriod(from, to);
  const [demand, mediators] = await Promise.all([ctx.repos.reports.demand(from, to), ctx.repos.reports.supply(from, to)]);
  return supplyDemandByWeek({ from, to, zone: ctx.config.zone, language, area, demand, mediators });
}

/** A session line with the names a reader needs beside the ids (language names in Italian and English). */
export type NamedSessionLine = SessionLine & {
  mediatorName: string | null;
  serviceName: string | null;
  languageNames: { it: string; en: string };
};

export interface TimesheetReport {
  by: 'mediator' | 'service';
  rows: Array<TimesheetRow & { name: string | null }>;
  /** With `detail: 'sessions'`: one line per session of the period (settled or open), by start. */
  sessions?: NamedSessionLine[];
  budgets: Array<ReturnType<typeof budgetUse>[number] & { budgetId: string; from: number; to: number }>;
}

/**
 * Timesheets for payroll and budgets: minutes by outcome and billable minutes, per mediator or per
 * service, plus sessions still disputed or awaiting close-out. Mediators see their own; desks their service's.
 */
export async function timesheetReport(
  ctx: Ctx,
  q: { from: number; to: number; by: 'mediator' | 'service'; mediatorId?: string; serviceId?: string; detail?: 'totals' | 'sessions' },
): Promise<TimesheetReport> {
  checkPeriod(q.from, q.to);
  let { mediatorId, serviceId } = q;
  if (ctx.actor.role === 'mediator') {
    if (mediatorId && mediatorId !== ctx.actor.mediatorId) throw new NotFoundError('mediator', mediatorId);
    mediatorId = ctx.actor.mediatorId ?? '';
  }
  if (ctx.actor.role === 'desk') {
    if (serviceId && serviceId !== ctx.actor.serviceId) throw new NotFoundError('service', serviceId);
    serviceId = ctx.actor.serviceId ?? '';
  }
  const scope = { ...(mediatorId ? { mediatorId } : {}), ...(serviceId ? { serviceId } : {}) };
  const [done, pending, names, lines] = await Promise.all([
    ctx.repos.attendance.settledTotals({ from: q.from, to: q.to, by: q.by, ...scope }),
    ctx.repos.attendance.openTotals({ now: ctx.clock.now(), from: q.from, to: q.to, by: q.by, ...scope }),
    ctx.repos.reports.names(),
    q.detail === 'sessions' ? ctx.repos.attendance.sessionLines({ now: ctx.clock.now(), from: q.from, to: q.to, ...scope }) : undefined,
  ]);
  const rows = timesheetsFromTotals(done, pending, q.by).map((r) => ({
    ...r,
    name: (r.mediatorId ? names.mediators.get(r.mediatorId) : r.serviceId ? names.services.get(r.serviceId) : undefined) ?? null,
  }));

  const budgetRows = ctx.actor.role === 'mediator' ? [] : await ctx.repos.budgets.overlapping(q.from, q.to, serviceId);
  const budgets = await Promise.all(
    budgetRows.map(async (b) => {
      const inPeriod = await ctx.repos.attendance.settledTotals({ from: b.periodStart, to: b.periodEnd, by: 'service', serviceId: b.serviceId });
      const [use] = budgetUse(timesheetsFromTotals(inPeriod, [], 'service'), [{ serviceId: b.serviceId, minutes: b.minutes }]);
      return { ...(use as NonNullable<typeof use>), budgetId: b.id, from: b.periodStart, to: b.periodEnd };
    }),
  );
  const sessions = lines?.map((l) => ({
    ...l,
    mediatorName: names.mediators.get(l.mediatorId) ?? null,
    serviceName: names.services.get(l.serviceId) ?? null,
    languageNames: catalogueEntry(l.language)?.names ?? { it: l.language, en: l.language },
  }));
  return { by: q.by, rows, budgets, ...(sessions ? { sessions } : {}) };
}
