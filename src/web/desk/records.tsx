import { DateTime } from 'luxon';
import { csvFileName, csvResponse, sessionsCsv, timesheetCsv } from '../../http/report-csv.js';
import { listOpenSessions } from '../../operations/attendance.js';
import { createExclusion, listExclusions, removeExclusion } from '../../operations/exclusions.js';
import { rotateFeed } from '../../operations/calendars.js';
import { timesheetReport } from '../../operations/reports.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, SelectField } from '../forms.js';
import { formatDay, formatStamp, formatWhen, languageName, monthOfQuery, WEB_ZONE } from '../format.js';
import { DataTable } from '../layout.js';
import { notFoundPage, render } from '../render.js';
import { localeOf, mediatorsWorkedWith } from './shared.js';

/** The desk's records: sheets to close, exclusions, hours against the budget with CSV, the calendar address. */
export function recordsRoutes() {
  const r = webRouter();

  // A new subscription URL for the service's calendar (the old one stops working), then back to the agenda.
  r.post('/app/calendar-feed', async (c) => {
    const ctx = webCtx(c);
    if (!ctx.actor.serviceId) return notFoundPage(c);
    await rotateFeed(ctx, 'service', ctx.actor.serviceId);
    return c.redirect('/app#feed-title', 303);
  });

  r.get('/app/close-out', async (c) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const page = await listOpenSessions(ctx, { limit: 100 });
    return render(
      c,
      t.closeOut.title,
      <>
        <h1>{t.closeOut.title}</h1>
        <p>{t.closeOut.intro}</p>
        {page.items.length === 0 ? (
          <p>{t.closeOut.empty}</p>
        ) : (
          <DataTable headers={[t.agenda.when, t.agenda.language, t.agenda.mediator, t.agenda.caseRef, t.agenda.status]}>
            {page.items.map((s) => (
              <tr>
                <td class="nowrap">
                  <a href={`/app/appointments/${s.appointmentId}#attendance-title`}>{formatWhen(s.start, localeOf(t))}</a>
                </td>
                <td>{languageName(s.language, localeOf(t))}</td>
                <td>{s.mediatorName ?? t.common.none}</td>
                <td>{s.beneficiaryRef ?? t.common.none}</td>
                <td>{s.state === 'disputed' ? t.attendance.disputed : t.attendance.notYet}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </>,
    );
  });

  const exclusionsPage = async (c: WebContext, form: FormState, status: 200 | 422 = 200) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const serviceId = ctx.actor.serviceId;
    if (!serviceId) return notFoundPage(c);
    const [page, known] = await Promise.all([listExclusions(ctx, serviceId, { limit: 100 }), mediatorsWorkedWith(ctx)]);
    return render(
      c,
      t.exclusions.title,
      <>
        <h1>{t.exclusions.title}</h1>
        <p>{t.exclusions.intro}</p>
        {page.items.length === 0 ? (
          <p>{t.exclusions.empty}</p>
        ) : (
          <DataTable headers={[t.exclusions.mediator, t.exclusions.reason, t.exclusions.since, <span class="visually-hidden">{t.exclusions.remove}</span>]}>
            {page.items.map((e) => (
              <tr>
                <td>{known.get(e.mediatorId) ?? e.mediatorId}</td>
                <td>{e.reason}</td>
                <td>{formatStamp(e.createdAt)}</td>
                <td>
                  <form method="post" action={`/app/exclusions/${e.id}/remove`} class="m-0">
                    <button type="submit" class="btn btn-sm btn-outline-danger">
                      {t.exclusions.remove}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 class="h4 mt-4">{t.exclusions.add}</h2>
        <ErrorSummary form={form} t={t} labels={{ mediatorId: t.exclusions.mediator, reason: t.exclusions.reason }} />
        <form method="post" action="/app/exclusions" class="col-md-6" novalidate>
          <SelectField name="mediatorId" label={t.exclusions.mediator} form={form} required placeholder={t.common.none} options={[...known].map(([value, label]) => ({ value, label }))} />
          <InputField name="reason" label={t.exclusions.reason} form={form} required maxlength={500} />
          <button type="submit" class="btn btn-primary">
            {t.exclusions.add}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/exclusions', (c) => exclusionsPage(c, emptyForm()));
  r.post('/app/exclusions', async (c) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const values = await formValues(c.req.parseBody());
    const errors: Record<string, string> = {};
    if (!values.mediatorId) errors.mediatorId = t.errors.required;
    if (!values.reason?.trim()) errors.reason = t.errors.required;
    if (Object.keys(errors).length > 0 || !ctx.actor.serviceId) return exclusionsPage(c, { values, errors }, 422);
    try {
      await createExclusion(ctx, ctx.actor.serviceId, { mediatorId: values.mediatorId ?? '', reason: (values.reason ?? '').trim().slice(0, 500) });
    } catch (error) {
      const fields = domainFieldErrors(error, t);
      if (fields) return exclusionsPage(c, { values, errors: fields }, 422);
      throw error;
    }
    return c.redirect('/app/exclusions', 303);
  });
  r.post('/app/exclusions/:id/remove', async (c) => {
    const ctx = webCtx(c);
    if (!ctx.actor.serviceId) return notFoundPage(c);
    await removeExclusion(ctx, ctx.actor.serviceId, c.req.param('id'));
    return c.redirect('/app/exclusions', 303);
  });

  const monthOf = (c: WebContext) => monthOfQuery(c.req.query('month'), webCtx(c).clock.now(), webCtx(c).config.zone);

  r.get('/app/hours', async (c) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const locale = localeOf(t);
    const { value, period } = monthOf(c);
    const report = await timesheetReport(ctx, { from: period.from, to: period.to, by: 'service', detail: 'sessions' });
    const hours = (minutes: number | null) => (minutes === null ? t.common.none : t.common.hours(minutes / 60));
    return render(
      c,
      t.hours.title,
      <>
        <h1>{t.hours.title}</h1>
        <form method="get" action="/app/hours" class="row g-2 align-items-end mb-3">
          <div class="col-sm-4">
            <InputField name="month" type="month" label={t.hours.month} form={emptyForm({ month: value })} />
          </div>
          <div class="col-sm-2 mb-3">
            <button type="submit" class="btn btn-primary">
              {t.hours.show}
            </button>
          </div>
        </form>
        {report.budgets.length === 0 ? (
          <p>{t.hours.noBudget}</p>
        ) : (
          <DataTable headers={[t.hours.budget, t.hours.used, t.hours.remaining]} caption={t.hours.budget} captionVisible>
            {report.budgets.map((b) => (
              <tr>
                <td>
                  {hours(b.budgetMinutes)} ({formatDay(b.from, locale)} – {formatDay(b.to - 1, locale)})
                </td>
                <td>
                  {hours(b.usedMinutes)}
                  {b.usedShare !== null ? ` (${Math.round(b.usedShare * 100)} %)` : ''}
                </td>
                <td>{hours(b.remainingMinutes)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <DataTable
          headers={[t.agenda.when, t.agenda.language, t.agenda.mediator, t.attendance.outcome, t.hours.used]}
          class="table-striped"
          caption={`${t.hours.sessions} — ${DateTime.fromMillis(period.from, { zone: WEB_ZONE }).setLocale(locale).toFormat('LLLL yyyy')}`}
          captionVisible
          foot={
            <tfoot>
              <tr>
                <th scope="row" colspan={4}>
                  {t.hours.total}
                </th>
                <td>{hours(report.rows.reduce((sum, row) => sum + row.billableMinutes, 0))}</td>
              </tr>
            </tfoot>
          }
        >
          {(report.sessions ?? []).map((line) => (
            <tr>
              <td class="nowrap">
                <a href={`/app/appointments/${line.appointmentId}`}>{formatWhen(line.start, locale)}</a>
              </td>
              <td>{line.languageNames[locale]}</td>
              <td>{line.mediatorName ?? t.common.none}</td>
              <td>{line.outcome ? (t.outcome[line.outcome] ?? line.outcome) : line.state === 'disputed' ? t.attendance.disputed : t.attendance.notYet}</td>
              <td>{hours(line.billableMinutes)}</td>
            </tr>
          ))}
        </DataTable>
        <p class="d-flex flex-wrap gap-2">
          <a class="btn btn-outline-primary" href={`/app/hours.csv?month=${value}`} download>
            {t.hours.csv}
          </a>
          <a class="btn btn-outline-primary" href={`/app/hours.csv?month=${value}&detail=sessions`} download>
            {t.hours.csvSessions}
          </a>
        </p>
      </>,
    );
  });

  // The same files as GET /v1/reports/timesheets.csv (Italian Excel dialect), for the signed-in desk.
  r.get('/app/hours.csv', async (c) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const { period } = monthOf(c);
    const lang = localeOf(t);
    const sessions = c.req.query('detail') === 'sessions';
    const report = await timesheetReport(ctx, { from: period.from, to: period.to, by: 'service', detail: sessions ? 'sessions' : 'totals' });
    const [name, body] = sessions
      ? [csvFileName('sessions', period, lang), sessionsCsv(report.sessions ?? [], lang, ctx.config.zone)]
      : [csvFileName('timesheets-service', period, lang), timesheetCsv(report, lang, ctx.config.zone)];
    return csvResponse(c, name, body);
  });

  return r;
}
