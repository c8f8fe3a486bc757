import { DateTime } from 'luxon';
import type { SupplyDemandWeek } from '../../domain/supply-demand.js';
import { listAreas } from '../../operations/areas.js';
import { listLanguages } from '../../operations/languages.js';
import { supplyAndDemand } from '../../operations/reports.js';
import { webCtx, webRouter } from '../env.js';
import { emptyForm, InputField, SelectField } from '../forms.js';
import { formatDay, languageName, localeOf, WEB_ZONE } from '../format.js';
import { DataTable } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Supply against demand over time for one language and province. */
export function supplyRoutes() {
  const r = webRouter();
  r.get('/app/supply', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.supply;
    const ctx = webCtx(c);
    const locale = localeOf(t);
    const q = c.req.query();
    const today = DateTime.fromMillis(ctx.clock.now(), { zone: WEB_ZONE }).startOf('day');
    const day = (v: string | undefined) => (v && DAY_RE.test(v) && DateTime.fromISO(v, { zone: WEB_ZONE }).isValid ? DateTime.fromISO(v, { zone: WEB_ZONE }) : null);
    let to = day(q.to) ?? today.plus({ days: 28 });
    let from = day(q.from) ?? today.minus({ days: 182 });
    if (from > to) [from, to] = [to, from];
    if (to.diff(from, 'days').days > 365) from = to.minus({ days: 365 });
    const [languages, areas] = await Promise.all([listLanguages(ctx, locale), listAreas(ctx)]);
    const language = q.language && languages.some((l) => l.code === q.language) ? q.language : '';
    const area = q.area && areas.some((a) => a.code === q.area) ? q.area : '';
    const weeks = language && area ? await supplyAndDemand(ctx, from.toMillis(), to.plus({ days: 1 }).toMillis(), language, area) : null;
    const form = emptyForm({ language, area, from: from.toISODate() ?? '', to: to.toISODate() ?? '' });
    const areaName = areas.find((a) => a.code === area)?.name ?? area;
    const hours = (m: number) => t.common.hours(m / 60);
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <p>{p.intro}</p>
        <form method="get" action="/app/supply" class="row g-2 align-items-end mb-3">
          <div class="col-md-3">
            <SelectField name="language" label={p.language} form={form} required placeholder={t.common.none} options={languages.map((l) => ({ value: l.code, label: l.name }))} />
          </div>
          <div class="col-md-3">
            <SelectField name="area" label={p.area} form={form} required placeholder={t.common.none} options={areas.map((a) => ({ value: a.code, label: a.name }))} />
          </div>
          <div class="col-md-2">
            <InputField name="from" type="date" label={p.from} form={form} />
          </div>
          <div class="col-md-2">
            <InputField name="to" type="date" label={p.to} form={form} />
          </div>
          <div class="col-md-2 mb-3">
            <button type="submit" class="btn btn-primary">
              {p.show}
            </button>
          </div>
        </form>
        {weeks ? (
          <>
            <h2 class="h4">{p.heading(languageName(language, locale), areaName)}</h2>
            <p>{weeks[0] ? p.mediators(weeks[0].mediators) : null}</p>
            <SupplyChart weeks={weeks} t={t} title={p.heading(languageName(language, locale), areaName)} />
            <DataTable headers={[p.week, p.requests, p.demand, p.covered, p.supply]} class="table-sm" caption={`${p.heading(languageName(language, locale), areaName)}, ${formatDay(from.toMillis(), locale)} – ${formatDay(to.toMillis(), locale)}`} captionVisible>
              {weeks.map((w) => (
                <tr>
                  <th scope="row">{w.week}</th>
                  <td>{w.requested}</td>
                  <td>{hours(w.demandMinutes)}</td>
                  <td>{hours(w.bookedMinutes)}</td>
                  <td>{hours(w.supplyMinutes)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        ) : (
          <p>{p.choose}</p>
        )}
      </>,
    );
  });
  return r;
}

const W = 720;
const H = 240;
const PAD = { left: 52, right: 8, top: 12, bottom: 36 };

/** Two bars per week (requested hours, then available hours), drawn on the server; the table beside it has the figures. */
function SupplyChart(props: { weeks: SupplyDemandWeek[]; t: Texts; title: string }) {
  const p = props.t.coordinatorPages.supply;
  const { weeks } = props;
  if (weeks.length === 0) return null;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.demandMinutes, w.supplyMinutes) / 60));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / weeks.length;
  const bar = Math.max(1, Math.min(16, slot * 0.4));
  const y = (h: number) => PAD.top + plotH * (1 - h / max);
  const short = weeks.filter((w) => w.demandMinutes > w.supplyMinutes).length;
  const labelEvery = Math.ceil(weeks.length / 12);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="supply-title supply-desc">
      <title id="supply-title">{props.title}</title>
      <desc id="supply-desc">{p.chartDesc(weeks.length, short)}</desc>
      {[0, 0.5, 1].map((f) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} stroke="#c5c7c9" stroke-width="1" />
          <text x={PAD.left - 6} y={y(max * f) + 4} text-anchor="end" font-size="11" fill="#3d4955">
            {`${Math.round(max * f)} h`}
          </text>
        </g>
      ))}
      {weeks.map((w, i) => {
        const x = PAD.left + slot * i + slot / 2 - bar;
        return (
          <g>
            <rect x={x} y={y(w.demandMinutes / 60)} width={bar} height={Math.max(0, y(0) - y(w.demandMinutes / 60))} fill="#a61919" />
            <rect x={x + bar} y={y(w.supplyMinutes / 60)} width={bar} height={Math.max(0, y(0) - y(w.supplyMinutes / 60))} fill="#0066cc" />
            {i % labelEvery === 0 ? (
              <text x={x + bar} y={H - PAD.bottom + 16} text-anchor="middle" font-size="10" fill="#3d4955">
                {w.week.replace(/^\d{4}-/, '')}
              </text>
            ) : null}
          </g>
        );
      })}
      <rect x={PAD.left} y={H - 12} width="10" height="10" fill="#a61919" />
      <text x={PAD.left + 14} y={H - 3} font-size="11" fill="#3d4955">
        {p.demand}
      </text>
      <rect x={PAD.left + 160} y={H - 12} width="10" height="10" fill="#0066cc" />
      <text x={PAD.left + 174} y={H - 3} font-size="11" fill="#3d4955">
        {p.supply}
      </text>
    </svg>
  );
}
