import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CoverageReport, CoverageRow } from '../../domain/coverage.js';
import { toCsv } from '../../domain/csv.js';
import { OUTCOMES } from '../../domain/attendance.js';
import { formatInstant } from '../../domain/time.js';
import { coverage, parseGroupBy, type TimesheetReport, timesheetReport } from '../../operations/reports.js';
import { type AppEnv, bearerSecurity, ctxOf, router } from '../env.js';
import { allow } from '../roles.js';
import { commonErrors } from '../schemas/common.js';
import { boundToMs, CoverageQuery, TimesheetQuery } from '../schemas/reports.js';

const tags = ['reports'];

const csvOrJson = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({}).passthrough() }, 'text/csv': { schema: z.string() } },
});

const coverageDescription = `Coordinators' view of coverage gaps for requests starting in [from, to).
requested: requests that were not cancelled; filled: booked; unfilled: nobody took them (recorded as unfilled, or still open/offered when they started — reason expired_unassigned); pending: still open/offered and in the future; fillRate = filled / (filled + unfilled).
Time to fill: booked − requested, median and p90 in minutes. fallbackSteps: filled requests per fallback step taken.
demandMinutes / bookedMinutes / unmetMinutes: durations of requested / filled / unfilled requests.
supplyMinutes: availability (weekly rules in Europe/Rome, DST-correct) minus time off of active mediators who speak the row's language and serve its area (and match its sector / service area / week / weekday / time band when grouped); utilisation = bookedMinutes / supplyMinutes.
zeroSupply: language–area pairs with requests and no active mediator at all who speaks the language and serves the area.
The response's \`definitions\` repeats these. CSV: Accept: text/csv, ?format=csv, or /v1/reports/coverage.csv (UTF-8 with BOM; cells starting with = + - @ are prefixed with ').`;

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
    'Sessions starting in [from, to). Settled sessions only count towards minutes (agreed by both sheets, settled by a coordinator, or late cancellations); open ones are counted as disputed / awaitingCloseOut. Mediators see their own row, desks their service. CSV as for coverage.',
  security: bearerSecurity,
  middleware: [allow('coordinator', 'desk', 'mediator')] as const,
  request: { query: TimesheetQuery },
  responses: { 200: csvOrJson('The timesheets.'), ...commonErrors },
});

function wantsCsv(c: Context<AppEnv>, format: string | undefined): boolean {
  return format === 'csv' || c.req.path.endsWith('.csv') || /\btext\/csv\b/.test(c.req.header('accept') ?? '');
}

function csvResponse(c: Context<AppEnv>, name: string, body: string): Response {
  return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
}

const coverageColumns = (groupBy: string[]) => [
  ...groupBy.map((d) => ({ key: `key.${d}`, header: d })),
  ...['requested', 'filled', 'unfilled', 'pending', 'cancelled', 'fillRate', 'medianMinutesToFill', 'p90MinutesToFill'].map((k) => ({ key: k, header: k })),
  { key: 'fallback.neighbouring_area', header: 'fallbackNeighbouringArea' },
  { key: 'fallback.video', header: 'fallbackVideo' },
  { key: 'fallback.phone', header: 'fallbackPhone' },
  ...['demandMinutes', 'bookedMinutes', 'unmetMinutes', 'supplyMinutes', 'utilisation', 'mediators', 'unfilledReasons'].map((k) => ({ key: k, header: k })),
];

function coverageCsvRow(r: CoverageRow): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...r };
  for (const [k, v] of Object.entries(r.key)) flat[`key.${k}`] = v;
  for (const [k, v] of Object.entries(r.fallbackSteps)) flat[`fallback.${k}`] = v;
  return flat;
}

const timesheetColumns = (by: 'mediator' | 'service') => [
  { key: by === 'mediator' ? 'mediatorId' : 'serviceId', header: by === 'mediator' ? 'mediatorId' : 'serviceId' },
  { key: 'name', header: by === 'mediator' ? 'mediatorName' : 'serviceName' },
  { key: 'sessions', header: 'sessions' },
  { key: 'actualMinutes', header: 'actualMinutes' },
  { key: 'billableMinutes', header: 'billableMinutes' },
  ...OUTCOMES.flatMap((o) => [
    { key: `minutes.${o}`, header: `minutes_${o}` },
    { key: `billable.${o}`, header: `billable_${o}` },
  ]),
  { key: 'disputed', header: 'disputed' },
  { key: 'awaitingCloseOut', header: 'awaitingCloseOut' },
  { key: 'openScheduledMinutes', header: 'openScheduledMinutes' },
];

function timesheetCsvRow(r: TimesheetReport['rows'][number]): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...r };
  for (const o of OUTCOMES) {
    flat[`minutes.${o}`] = r.minutesByOutcome[o];
    flat[`billable.${o}`] = r.billableMinutesByOutcome[o];
  }
  return flat;
}

function presentTimesheets(t: TimesheetReport) {
  return { ...t, budgets: t.budgets.map((b) => ({ ...b, from: formatInstant(b.from), to: formatInstant(b.to) })) };
}

export function reportRoutes() {
  const r = router();
  const coverageHandler = async (
    c: Context<AppEnv>,
    q: { from: string; to: string; groupBy: string; sector?: string | undefined; modality?: string | undefined; service?: string | undefined; format?: 'json' | 'csv' | undefined },
  ) => {
    const ctx = ctxOf(c);
    const groupBy = parseGroupBy(q.groupBy);
    const filter = { sector: q.sector, modality: q.modality, serviceId: q.service };
    const report: CoverageReport = await coverage(ctx, boundToMs(q.from, ctx.config.zone), boundToMs(q.to, ctx.config.zone), groupBy, filter);
    if (wantsCsv(c, q.format)) return csvResponse(c, 'coverage', toCsv(coverageColumns(groupBy), report.rows.map(coverageCsvRow)));
    // Rows carry their group's values at the top level (language, area, …) as the contract says, and in `key`.
    return c.json({ ...report, groupBy, rows: report.rows.map((r) => Object.assign({}, r.key, r)) }, 200);
  };
  const timesheetHandler = async (c: Context<AppEnv>, q: { from: string; to: string; by: 'mediator' | 'service'; mediatorId?: string | undefined; serviceId?: string | undefined; format?: 'json' | 'csv' | undefined }) => {
    const ctx = ctxOf(c);
    const report = await timesheetReport(ctx, {
      from: boundToMs(q.from, ctx.config.zone),
      to: boundToMs(q.to, ctx.config.zone),
      by: q.by,
      ...(q.mediatorId ? { mediatorId: q.mediatorId } : {}),
      ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    });
    if (wantsCsv(c, q.format)) return csvResponse(c, 'timesheets', toCsv(timesheetColumns(q.by), report.rows.map(timesheetCsvRow)));
    return c.json(presentTimesheets(report), 200);
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
