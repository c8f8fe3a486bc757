import { DateTime } from 'luxon';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../domain/vocabulary.js';
import { getOutboxMessage, listOutboxMessages, retryOutboxMessage } from '../../operations/outbox.js';
import { timesheetReport } from '../../operations/reports.js';
import { csvFileName, timesheetCsv } from '../../http/report-csv.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { emptyForm, InputField, SelectField } from '../forms.js';
import { formatStamp, localeOf, monthOfQuery, WEB_ZONE } from '../format.js';
import { DataTable, Notice } from '../layout.js';
import { render } from '../render.js';

function monthOf(c: WebContext) {
  const ctx = webCtx(c);
  const { value, period } = monthOfQuery(c.req.query('month'), ctx.clock.now(), ctx.config.zone);
  return { value, period, from: period.from, to: period.to, start: DateTime.fromMillis(period.from, { zone: WEB_ZONE }) };
}

const byOf = (c: WebContext): 'mediator' | 'service' => (c.req.query('by') === 'service' ? 'service' : 'mediator');

/** Timesheets by mediator or by service for a month (with CSV), and the outbox with delivery state and retry. */
export function recordRoutes() {
  const r = webRouter();

  r.get('/app/timesheets', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.timesheets;
    const month = monthOf(c);
    const by = byOf(c);
    const report = await timesheetReport(webCtx(c), { from: month.from, to: month.to, by });
    const hours = (m: number) => t.common.hours(m / 60);
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <form method="get" action="/app/timesheets" class="row g-2 align-items-end mb-3">
          <div class="col-sm-3">
            <InputField name="month" type="month" label={p.month} form={emptyForm({ month: month.value })} />
          </div>
          <div class="col-sm-3">
            <SelectField name="by" label={p.by} form={emptyForm({ by })} options={[{ value: 'mediator', label: p.byMediator }, { value: 'service', label: p.byService }]} />
          </div>
          <div class="col-sm-2 mb-3">
            <button type="submit" class="btn btn-primary">
              {t.common.filter}
            </button>
          </div>
        </form>
        <DataTable headers={[by === 'mediator' ? p.mediator : p.service, p.sessions, p.actual, p.billable, p.disputed, p.awaiting]} class="table-sm" caption={`${month.start.setLocale(localeOf(t)).toFormat('LLLL yyyy')} · ${by === 'mediator' ? p.byMediator : p.byService}`} captionVisible>
          {report.rows.map((row) => (
            <tr>
              <th scope="row">{row.name ?? row.mediatorId ?? row.serviceId}</th>
              <td>{row.sessions}</td>
              <td>{hours(row.actualMinutes)}</td>
              <td>{hours(row.billableMinutes)}</td>
              <td>{row.disputed > 0 ? <a href="/app/disputes">{row.disputed}</a> : 0}</td>
              <td>{row.awaitingCloseOut}</td>
            </tr>
          ))}
        </DataTable>
        {report.rows.length === 0 ? <p>{p.empty}</p> : null}
        <p>
          <a class="btn btn-outline-primary" href={`/app/timesheets.csv?month=${month.value}&by=${by}`} download>
            {p.csv}
          </a>
        </p>
      </>,
    );
  });

  r.get('/app/timesheets.csv', async (c) => {
    const { t } = c.get('page');
    const month = monthOf(c);
    const by = byOf(c);
    const report = await timesheetReport(webCtx(c), { from: month.from, to: month.to, by });
    const lang = t.lang === 'en' ? 'en' : 'it';
    const ctx = webCtx(c);
    const { period } = month;
    return c.body(timesheetCsv(report, lang, ctx.config.zone), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csvFileName(`timesheets-${by}`, period, lang)}"`,
    });
  });

  r.get('/app/outbox', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.outbox;
    const asked = c.req.query('status') ?? 'failed';
    const status = (OUTBOX_STATUSES as readonly string[]).includes(asked) ? (asked as OutboxStatus) : undefined;
    const cursor = c.req.query('cursor');
    const page = await listOutboxMessages(webCtx(c), { limit: 100, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    const done = c.req.query('done');
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <p>{p.intro}</p>
        {done === 'retried' ? <Notice tone="success">{p.retried}</Notice> : done === 'not_failed' ? <Notice tone="warning">{p.notFailed}</Notice> : null}
        <form method="get" action="/app/outbox" class="row g-2 align-items-end mb-3">
          <div class="col-sm-4">
            <SelectField name="status" label={p.state} form={emptyForm({ status: status ?? 'all' })} options={[{ value: 'all', label: t.common.all }, ...OUTBOX_STATUSES.map((s) => ({ value: s, label: p.states[s] }))]} />
          </div>
          <div class="col-sm-2 mb-3">
            <button type="submit" class="btn btn-primary">
              {t.common.filter}
            </button>
          </div>
        </form>
        {page.items.length === 0 ? (
          <p>{p.empty}</p>
        ) : (
          <DataTable headers={[p.created, p.kind, p.to, p.state, p.attempts, p.lastError, p.actions]} class="table-sm align-middle" caption={p.title}>
            {page.items.map((m) => (
              <tr>
                <td class="nowrap">
                  <a href={`/app/outbox/${m.id}`}>{formatStamp(m.createdAt)}</a>
                </td>
                <td>{p.kinds[m.kind] ?? (m.kind.startsWith('appointment.') ? `${p.kinds.appointment} · ${p.events[m.kind.split('.')[1] ?? ''] ?? m.kind.split('.')[1]}` : m.kind)}</td>
                <td>{(JSON.parse(m.to) as string[]).join(', ')}</td>
                <td>
                  {p.states[m.status as OutboxStatus] ?? m.status}
                  {m.sentAt ? <span class="d-block small">{formatStamp(m.sentAt)}</span> : null}
                </td>
                <td>{m.attempts}</td>
                <td class="small">{m.lastError ?? t.common.none}</td>
                <td>
                  {m.status === 'failed' ? (
                    <form method="post" action={`/app/outbox/${m.id}/retry`} class="m-0">
                      <button type="submit" class="btn btn-sm btn-primary">
                        {p.retry}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {page.nextCursor ? (
          <p>
            <a href={`/app/outbox?${new URLSearchParams({ status: status ?? 'all', cursor: page.nextCursor }).toString()}`}>{t.common.nextPage}</a>
          </p>
        ) : null}
      </>,
    );
  });

  r.get('/app/outbox/:id', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.outbox;
    const { message: m, attempts } = await getOutboxMessage(webCtx(c), c.req.param('id'));
    const title = `${p.message} · ${formatStamp(m.createdAt)}`;
    return render(
      c,
      title,
      <>
        <h1>{title}</h1>
        <dl class="row">
          <dt class="col-sm-3">{p.to}</dt>
          <dd class="col-sm-9">{(JSON.parse(m.to) as string[]).join(', ')}</dd>
          <dt class="col-sm-3">{p.kind}</dt>
          <dd class="col-sm-9">{m.kind}</dd>
          <dt class="col-sm-3">{p.state}</dt>
          <dd class="col-sm-9">{p.states[m.status as OutboxStatus] ?? m.status}</dd>
          <dt class="col-sm-3">{p.nextAttempt}</dt>
          <dd class="col-sm-9">{m.status === 'sent' ? t.common.none : formatStamp(m.nextAttemptAt)}</dd>
        </dl>
        <h2 class="h4">{p.attemptsTitle}</h2>
        {attempts.length === 0 ? (
          <p>{p.noAttempts}</p>
        ) : (
          <table class="table table-sm">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{p.when}</th>
                <th scope="col">{p.transport}</th>
                <th scope="col">{p.lastError}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr>
                  <td>{a.attempt}</td>
                  <td>{formatStamp(a.at)}</td>
                  <td>{a.transport}</td>
                  <td>{a.error ?? p.delivered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {m.status === 'failed' ? (
          <form method="post" action={`/app/outbox/${m.id}/retry`}>
            <button type="submit" class="btn btn-primary">
              {p.retry}
            </button>
          </form>
        ) : null}
        <p class="mt-3">
          <a href="/app/outbox">{p.back}</a>
        </p>
      </>,
    );
  });

  r.post('/app/outbox/:id/retry', async (c) => {
    try {
      await retryOutboxMessage(webCtx(c), c.req.param('id'));
    } catch (error) {
      if (error instanceof Error && 'code' in error && (error as { code: string }).code === 'not_failed') return c.redirect('/app/outbox?done=not_failed', 303);
      throw error;
    }
    return c.redirect('/app/outbox?done=retried', 303);
  });

  return r;
}
