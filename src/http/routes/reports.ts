import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CoverageReport } from '../../domain/coverage.js';
import { reportPeriod } from '../../domain/period.js';
import { formatInstant } from '../../domain/time.js';
import { hoursOf } from '../../domain/timesheets.js';
import { coverage, parseGroupBy, type TimesheetReport, timesheetReport } from '../../operations/reports.js';
import { type AppEnv, bearerSecurity, ctxOf, router } from '../env.js';
import { type CsvLang, coverageCsv, csvFileName, csvResponse, sessionsCsv, timesheetCsv } from '../report-csv.js';
import { allow } from '../roles.js';
import { commonErrors } from '../schemas/common.js';
import { CoverageQuery, TimesheetQuery } from '../schemas/reports.js';

const tags = ['reports'];

const csvOrJson = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({}).passthrough() }, 'text/csv': { schema: z.string() } },
});

const CSV_DIALECT = `CSV (Accept: text/csv, ?format=csv, or the .csv path) is what Italian Excel opens by double-click: UTF-8 with a BOM, ";" between fields, decimal comma, dates dd/mm/yyyy hh:mm in Europe/Rome, counts and minutes whole, hours to one decimal, rates as percentages to one decimal, one value per cell. Headers in Italian; ?lang=en gives the JSON field names (same dialect). Saved as e.g. copertura_2026-12-01_2026-12-31.csv (the days covered). Text cells starting with = + - @ are prefixed with '.`;

const coverageDescription = `Coordinators' view of coverage gaps for requests starting in the period: from the first day (from) to the last day (to), both included (from = to is one day), or a month (month=2026-12). ISO instants are also accepted: to is then excluded.
requested: requests that were not cancelled; filled: booked; unfilled: nobody took them (recorded as unfilled, or still open/offered when they started — reason expired_unassigned); pending: still open/offered and in the future; fillRate = filled / (filled + unfilled).
Time to fill: booked − requested, median and p90 in minutes. fallbackSteps: filled requests per fallback step taken.
demandMinutes / bookedMinutes / unmetMinutes: durations of requested / filled / unfilled requests.
supplyMinutes: availability (weekly rules in Europe/Rome, DST-correct) minus time off of active mediators who speak the row's language and serve its area (and match its sector / service area / week / weekday / time band when grouped); utilisation = bookedMinutes / supplyMinutes.
zeroSupply: language–area pairs with requests and no active mediator at all who speaks the language and serves the area.
The response's \`definitions\` repeats these.
${CSV_DIALECT}`;

const coverageRoute = createRoute({
  method: 'get',
  path: '/reports/coverage',
  tags,
  summary: 'Coverage: requested, filled, unfilled (with reasons), time to fill, supply, utilisation, zero-supply pairs (coordinator)',
  description: coverageDescription,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { query: CoverageQuery },
  responses: { 200: csvOrJson('The report.'), ...commonErrors },
});

const timesheetsRoute = createRoute({
  method: 'get',
  path: '/reports/timesheets',
  tags,
  summary: 'Timesheets: minutes by outcome and billable minutes per mediator (or service), disputed and awaiting close-out; budgets',
  description:
    `Sessions starting in the period (from and to as days, both included, or month=YYYY-MM; see coverage). Settled sessions only count towards minutes (agreed by both sheets, settled by a coordinator, or late cancellations); open ones are counted as disputed / awaitingCloseOut. Budgets in minutes and hours. Mediators see their own row, desks their service.
detail=sessions adds one line per session (date, service, language, outcome, billed minutes; open sessions with their state and no outcome) as \`sessions\`; the CSV is then those lines (ore-sessioni_….csv) instead of the totals (ore-mediatori_….csv / ore-servizi_….csv).
${CSV_DIALECT}`,
  security: bearerSecurity,
  middleware: [allow('coordinator', 'desk', 'mediator')] as const,
  request: { query: TimesheetQuery },
  responses: { 200: csvOrJson('The timesheets.'), ...commonErrors },
});

function wantsCsv(c: Context<AppEnv>, format: string | undefined): boolean {
  return format === 'csv' || c.req.path.endsWith('.csv') || /\btext\/csv\b/.test(c.req.header('accept') ?? '');
}

function presentTimesheets(t: TimesheetReport, lang: CsvLang) {
  const { sessions, ...rest } = t;
  return {
    ...rest,
    rows: t.rows.map((r) => ({ ...r, billableHours: hoursOf(r.billableMinutes) })),
    budgets: t.budgets.map((b) => ({ ...b, from: formatInstant(b.from), to: formatInstant(b.to) })),
    ...(sessions
      ? { sessions: sessions.map(({ languageNames, ...l }) => ({ ...l, languageName: languageNames[lang], start: formatInstant(l.start) })) }
      : {}),
  };
}

/** The query's period, as the report reads it; the schema has checked its fields. */
type PeriodQueryValues = { from?: string | undefined; to?: string | undefined; month?: string | undefined; format?: 'json' | 'csv' | undefined; lang: CsvLang };

export function reportRoutes() {
  const r = router();
  const coverageHandler = async (c: Context<AppEnv>, q: PeriodQueryValues & { groupBy: string; sector?: string | undefined; modality?: string | undefined; service?: string | undefined }) => {
    const ctx = ctxOf(c);
    const groupBy = parseGroupBy(q.groupBy);
    const period = reportPeriod(q, ctx.config.zone);
    const filter = { sector: q.sector, modality: q.modality, serviceId: q.service };
    const report: CoverageReport = await coverage(ctx, period.from, period.to, groupBy, filter);
    if (wantsCsv(c, q.format)) return csvResponse(c, csvFileName('coverage', period, q.lang), coverageCsv(report.rows, groupBy, q.lang, ctx.config.zone));
    // Rows carry their group's values at the top level (language, area, …) as the contract says, and in `key`.
    return c.json({ ...report, groupBy, rows: report.rows.map((r) => Object.assign({}, r.key, r)) }, 200);
  };
  const timesheetHandler = async (
    c: Context<AppEnv>,
    q: PeriodQueryValues & { by: 'mediator' | 'service'; mediatorId?: string | undefined; serviceId?: string | undefined; detail: 'totals' | 'sessions' },
  ) => {
    const ctx = ctxOf(c);
    const period = reportPeriod(q, ctx.config.zone);
    const report = await timesheetReport(ctx, {
      from: period.from,
      to: period.to,
      by: q.by,
      detail: q.detail,
      ...(q.mediatorId ? { mediatorId: q.mediatorId } : {}),
      ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    });
    if (wantsCsv(c, q.format)) {
      const zone = ctx.config.zone;
      return report.sessions
        ? csvResponse(c, csvFileName('sessions', period, q.lang), sessionsCsv(report.sessions, q.lang, zone))
        : csvResponse(c, csvFileName(`timesheets-${q.by}`, period, q.lang), timesheetCsv(report, q.lang, zone));
    }
    return c.json(presentTimesheets(report, q.lang), 200);
  };
  // One handler per report serves its JSON path and its .csv alias (hidden from the docs); the query
  // was validated by the route, so it is read back with the schema's type.
  const serve = <Q>(handler: (c: Context<AppEnv>, q: Q) => Promise<Response>) =>
    ((c: Context<AppEnv>) => handler(c, (c.req as unknown as { valid(target: 'query'): Q }).valid('query'))) as never;
  r.openapi(coverageRoute, serve(coverageHandler));
  r.openapi({ ...coverageRoute, path: '/reports/coverage.csv', hide: true }, serve(coverageHandler));
  r.openapi(timesheetsRoute, serve(timesheetHandler));
  r.openapi({ ...timesheetsRoute, path: '/reports/timesheets.csv', hide: true }, serve(timesheetHandler));
  return r;
}
