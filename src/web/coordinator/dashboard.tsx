import { DateTime } from 'luxon';
import type { CoverageReport, CoverageRow } from '../../domain/coverage.js';
import { toCsv } from '../../domain/csv.js';
import { MODALITIES, SECTORS } from '../../domain/vocabulary.js';
import { listAreas } from '../../operations/areas.js';
import { type CoverageFilter, coverageViews, timesheetReport } from '../../operations/reports.js';
import { listServices } from '../../operations/services.js';
import { type WebContext, webCtx } from '../env.js';
import { emptyForm, InputField, SelectField } from '../forms.js';
import { formatDay, languageName, localeOf, WEB_ZONE } from '../format.js';
import { DataTable } from '../layout.js';
import { render } from '../render.js';
import { FillRateChart, type WeekRow } from './chart.js';
import { fmtMinutes, fmtPercent } from './common.js';

/** The dashboard's filters as they stand in the URL: inclusive Rome days, and the optional sector, modality and service. */
interface DashboardQuery {
  from: string;
  to: string;
  sector: string;
  modality: string;
  service: string;
  /** [from, to) in epoch ms. */
  fromMs: number;
  toMs: number;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters; the default period is the last 30 days up to today. Bad values fall back to the defaults. */
function dashboardQuery(c: WebContext): DashboardQuery {
  const q = c.req.query();
  const today = DateTime.fromMillis(webCtx(c).clock.now(), { zone: WEB_ZONE }).startOf('day');
  const day = (v: string | undefined) => (v && DAY_RE.test(v) && DateTime.fromISO(v, { zone: WEB_ZONE }).isValid ? DateTime.fromISO(v, { zone: WEB_ZONE }) : null);
  let to = day(q.to) ?? today;
  let from = day(q.from) ?? to.minus({ days: 29 });
  if (from > to) [from, to] = [to, from];
  if (to.diff(from, 'days').days > 365) from = to.minus({ days: 365 });
  const pick = (v: string | undefined, allowed: readonly string[]) => (v && allowed.includes(v) ? v : '');
  return {
    from: from.toISODate() ?? '',
    to: to.toISODate() ?? '',
    sector: pick(q.sector, SECTORS),
    modality: pick(q.modality, MODALITIES),
    service: q.service && /^[A-Za-z0-9_-]{1,64}$/.test(q.service) ? q.service : '',
    fromMs: from.toMillis(),
    toMs: to.plus({ days: 1 }).toMillis(),
  };
}

function queryString(q: DashboardQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.sector) params.set('sector', q.sector);
  if (q.modality) params.set('modality', q.modality);
  if (q.service) params.set('service', q.service);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

const filterOf = (q: DashboardQuery): CoverageFilter => ({ sector: q.sector || undefined, modality: q.modality || undefined, serviceId: q.service || undefined });

/** The two groupings the dashboard shows (language × area for the heat map, weeks for the chart), read once. */
async function dashboardData(c: WebContext, q: DashboardQuery) {
  const ctx = webCtx(c);
  const [[byPlace, byWeek], areas, services, sheets] = await Promise.all([
    coverageViews(ctx, q.fromMs, q.toMs, [['language', 'area'], ['week']], filterOf(q)),
    listAreas(ctx),
    listServices(ctx, { limit: 500 }),
    timesheetReport(ctx, { from: q.fromMs, to: q.toMs, by: 'service', ...(q.service ? { serviceId: q.service } : {}) }),
  ]);
  const budget = sheets.budgets.reduce((acc, b) => ({ used: acc.used + b.usedMinutes, total: acc.total + b.budgetMinutes }), { used: 0, total: 0 });
  return { byPlace: byPlace as CoverageReport, byWeek: byWeek as CoverageReport, areas, services: services.items, budget };
}

/** Every ISO week of the period, with the report's figures where it has a row (weeks without requests show none). */
function weekRows(report: CoverageReport, from: number, to: number): WeekRow[] {
  const byWeek = new Map(report.rows.map((r) => [String(r.key.week), r]));
  const rows: WeekRow[] = [];
  for (let d = DateTime.fromMillis(from, { zone: WEB_ZONE }).startOf('week'); d.toMillis() < to; d = d.plus({ weeks: 1 })) {
    const week = `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
    const r = byWeek.get(week);
    rows.push({ week, requested: r?.requested ?? 0, filled: r?.filled ?? 0, unfilled: r?.unfilled ?? 0, fillRate: r?.fillRate ?? null });
  }
  return rows;
}

/** Heat-map tone by fill rate: a second cue beside the figure. */
function tone(row: CoverageRow | undefined, zero: boolean): string {
  if (zero) return 'heat-none';
  if (!row || row.fillRate === null) return 'heat-empty';
  if (row.fillRate >= 0.9) return 'heat-4';
  if (row.fillRate >= 0.75) return 'heat-3';
  if (row.fillRate >= 0.5) return 'heat-2';
  return 'heat-1';
}

export async function dashboardPage(c: WebContext) {
  const { t } = c.get('page');
  const p = t.coordinatorPages.dashboard;
  const locale = localeOf(t);
  const q = dashboardQuery(c);
  const { byPlace, byWeek, areas, services, budget } = await dashboardData(c, q);
  const totals = byPlace.totals;
  const weeks = weekRows(byWeek, q.fromMs, q.toMs);
  const languages = [...new Set(byPlace.rows.map((r) => String(r.key.language)))].sort((a, b) => languageName(a, locale).localeCompare(languageName(b, locale), locale));
  const cells = new Map(byPlace.rows.map((r) => [`${r.key.language}|${r.key.area}`, r]));
  const zero = new Set(byPlace.zeroSupply.map((z) => `${z.language}|${z.area}`));
  const areaName = (code: string) => areas.find((a) => a.code === code)?.name ?? code;
  const reasons = Object.entries(totals.unfilledReasons).sort((a, b) => b[1] - a[1]);
  const form = emptyForm({ from: q.from, to: q.to, sector: q.sector, modality: q.modality, service: q.service });
  const today = DateTime.fromMillis(webCtx(c).clock.now(), { zone: WEB_ZONE });
  const lastMonth = today.minus({ months: 1 });
  const presets: Array<[string, DateTime, DateTime]> = [
    [p.last30, today.minus({ days: 29 }), today],
    [p.lastMonth, lastMonth.startOf('month'), lastMonth.endOf('month')],
    [p.thisMonth, today.startOf('month'), today],
    [p.lastYear, today.minus({ days: 364 }), today],
  ];
  const tiles: Array<[string, string, string?]> = [
    [p.requested, String(totals.requested), totals.pending > 0 ? p.pending(totals.pending) : undefined],
    [p.filled, String(totals.filled)],
    [p.unfilled, String(totals.unfilled)],
    [p.fillRate, fmtPercent(totals.fillRate, t)],
    [p.medianToFill, totals.medianMinutesToFill === null ? t.common.none : fmtMinutes(totals.medianMinutesToFill, t)],
    [p.unmetHours, t.common.hours(totals.unmetMinutes / 60)],
    [p.budgetUsed, budget.total > 0 ? fmtPercent(budget.used / budget.total, t) : p.noBudget, budget.total > 0 ? p.budgetOf(t.common.hours(budget.used / 60), t.common.hours(budget.total / 60)) : undefined],
  ];
  const period = `${formatDay(q.fromMs, locale)} – ${formatDay(q.toMs - 1, locale)}`;
  return render(
    c,
    p.title,
    <>
      <h1>{p.title}</h1>
      <p>{p.intro(period)}</p>
      <form method="get" action="/app" class="row g-2 align-items-end mb-2" aria-label={p.filters}>
        <div class="col-md-2">
          <InputField name="from" type="date" label={p.from} form={form} />
        </div>
        <div class="col-md-2">
          <InputField name="to" type="date" label={p.to} form={form} />
        </div>
        <div class="col-md-2">
          <SelectField name="sector" label={t.request.sector} form={form} placeholder={t.common.all} options={SECTORS.map((s) => ({ value: s, label: t.sector[s] }))} />
        </div>
        <div class="col-md-2">
          <SelectField name="modality" label={t.request.modality} form={form} placeholder={t.common.all} options={MODALITIES.map((m) => ({ value: m, label: t.modality[m] }))} />
        </div>
        <div class="col-md-3">
          <SelectField name="service" label={p.service} form={form} placeholder={t.common.all} options={services.map((s) => ({ value: s.id, label: s.name }))} />
        </div>
        <div class="col-md-1 mb-3">
          <button type="submit" class="btn btn-primary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p class="d-flex flex-wrap gap-3 small">
        <span>{p.quickPeriods}</span>
        {presets.map(([label, from, to]) => (
          <a href={`/app?${queryString({ ...q, from: from.toISODate() ?? '', to: to.toISODate() ?? '' })}`}>{label}</a>
        ))}
        <a href={`/app/dashboard.csv?${queryString(q)}`} download>
          {p.csv}
        </a>
      </p>

      <section aria-labelledby="tiles-title">
        <h2 id="tiles-title" class="visually-hidden">
          {p.tilesTitle}
        </h2>
        <dl class="tiles">
          {tiles.map(([label, value, note]) => (
            <div class="tile">
              <dt>{label}</dt>
              <dd class="tile-value">{value}</dd>
              {note ? <dd class="tile-note">{note}</dd> : null}
            </div>
          ))}
        </dl>
      </section>

      <section class="mt-4" aria-labelledby="heat-title">
        <h2 id="heat-title" class="h4">
          {p.heatTitle}
        </h2>
        <p>{p.heatIntro}</p>
        {languages.length === 0 ? (
          <p>{p.noRequests}</p>
        ) : (
          <div class="table-responsive">
            <table class="table table-sm heat-map">
              <caption>{p.heatCaption(period)}</caption>
              <thead>
                <tr>
                  <th scope="col">{p.language}</th>
                  {areas.map((a) => (
                    <th scope="col">{a.name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {languages.map((lang) => (
                  <tr>
                    <th scope="row">{languageName(lang, locale)}</th>
                    {areas.map((a) => {
                      const row = cells.get(`${lang}|${a.code}`);
                      const none = zero.has(`${lang}|${a.code}`);
                      const decided = row ? row.filled + row.unfilled : 0;
                      return (
                        <td class={tone(row, none)}>
                          {!row ? (
                            <span class="text-muted-strong">{p.noDemand}</span>
                          ) : (
                            <a href={`/app/to-cover?${new URLSearchParams({ language: lang, area: a.code }).toString()}`}>
                              {decided > 0 ? `${fmtPercent(row.fillRate, t)} (${row.filled}/${decided})` : p.pendingOnly(row.pending)}
                              {none ? <span class="d-block fw-semibold">{p.noMediator}</span> : null}
                            </a>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="small">{p.heatLegend}</p>
      </section>

      <section class="mt-4" aria-labelledby="weeks-title">
        <h2 id="weeks-title" class="h4">
          {p.weeksTitle}
        </h2>
        <FillRateChart rows={weeks} t={t} />
        <DataTable headers={[p.week, p.requested, p.filled, p.unfilled, p.fillRate]} class="table-sm" caption={p.weeksCaption} captionVisible>
          {weeks.map((r) => (
            <tr>
              <th scope="row">{r.week}</th>
              <td>{r.requested}</td>
              <td>{r.filled}</td>
              <td>{r.unfilled}</td>
              <td>{fmtPercent(r.fillRate, t)}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      <div class="row mt-4">
        <section class="col-lg-6" aria-labelledby="reasons-title">
          <h2 id="reasons-title" class="h4">
            {p.reasonsTitle}
          </h2>
          {reasons.length === 0 ? (
            <p>{p.noUnfilled}</p>
          ) : (
            <table class="table table-sm">
              <thead>
                <tr>
                  <th scope="col">{p.reason}</th>
                  <th scope="col">{p.count}</th>
                </tr>
              </thead>
              <tbody>
                {reasons.map(([code, n]) => (
                  <tr>
                    <td>{p.reasons[code] ?? code}</td>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="col-lg-6" aria-labelledby="zero-title">
          <h2 id="zero-title" class="h4">
            {p.zeroTitle}
          </h2>
          {byPlace.zeroSupply.length === 0 ? (
            <p>{p.noZero}</p>
          ) : (
            <table class="table table-sm" id="zero-supply">
              <thead>
                <tr>
                  <th scope="col">{p.language}</th>
                  <th scope="col">{p.area}</th>
                  <th scope="col">{p.requested}</th>
                  <th scope="col">{p.hoursRequested}</th>
                  <th scope="col">
                    <span class="visually-hidden">{p.addMediator}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {byPlace.zeroSupply.map((z) => (
                  <tr>
                    <td>{languageName(z.language, locale)}</td>
                    <td>{areaName(z.area)}</td>
                    <td>{z.requested}</td>
                    <td>{t.common.hours(z.demandMinutes / 60)}</td>
                    <td>
                      <a href={`/app/mediators/new?${new URLSearchParams({ language: z.language, area: z.area }).toString()}`} aria-label={p.addMediatorFor(languageName(z.language, locale), areaName(z.area))}>
                        {p.addMediator}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>,
  );
}

/** The CSV of what the dashboard shows: one line per language and area, then the totals. */
export async function dashboardCsv(c: WebContext) {
  const { t } = c.get('page');
  const p = t.coordinatorPages.dashboard;
  const q = dashboardQuery(c);
  const { byPlace } = await dashboardData(c, q);
  const zero = new Set(byPlace.zeroSupply.map((z) => `${z.language}|${z.area}`));
  const columns = [
    { key: 'language', header: p.language },
    { key: 'area', header: p.area },
    { key: 'requested', header: p.requested },
    { key: 'filled', header: p.filled },
    { key: 'unfilled', header: p.unfilled },
    { key: 'pending', header: p.pendingHeader },
    { key: 'fillRate', header: p.fillRate, format: 'percent' as const },
    { key: 'medianMinutesToFill', header: p.medianToFillMinutes, format: 'integer' as const },
    { key: 'unmetMinutes', header: p.unmetMinutes },
    { key: 'noMediator', header: p.noMediator },
  ];
  const line = (r: Omit<CoverageRow, 'key'>, language: string, area: string, none: boolean) => ({
    language,
    area,
    requested: r.requested,
    filled: r.filled,
    unfilled: r.unfilled,
    pending: r.pending,
    fillRate: r.fillRate,
    medianMinutesToFill: r.medianMinutesToFill,
    unmetMinutes: r.unmetMinutes,
    noMediator: none ? 1 : 0,
  });
  const rows = [
    ...byPlace.rows.map((r) => line(r, String(r.key.language), String(r.key.area), zero.has(`${r.key.language}|${r.key.area}`))),
    line(byPlace.totals, p.total, '', false),
  ];
  return c.body(toCsv(columns, rows), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="copertura-${q.from}-${q.to}.csv"`,
  });
}
