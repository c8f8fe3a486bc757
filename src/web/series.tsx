import { cancelSeries } from '../operations/series/cancel.js';
import { viewSeries } from '../operations/series/view.js';
import { type WebContext, webCtx, webRouter } from './env.js';
import { formValues } from './forms.js';
import { formatWhen, languageName, localeOf } from './format.js';
import { DataTable, Notice, StatusBadge } from './layout.js';
import { render } from './render.js';

/** A series' page: every occurrence with its mediator and status, and "cancel this one and the following". */
export function seriesRoutes() {
  const r = webRouter();

  const seriesPage = async (c: WebContext, notice?: string) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const locale = localeOf(t);
    const view = await viewSeries(ctx, c.req.param('id') ?? '');
    const now = ctx.clock.now();
    const language = languageName(view.template.language, locale);
    return render(
      c,
      t.series.title(language),
      <>
        <h1>{t.series.title(language)}</h1>
        {notice ? <Notice tone="success">{notice}</Notice> : null}
        <p>{t.series.summary(view.occurrences.length, view.mediatorChanges)}</p>
        <DataTable headers={[t.agenda.when, t.agenda.mediator, t.agenda.status, <span class="visually-hidden">{t.series.cancelFrom}</span>]}>
          {view.occurrences.map((a) => (
            <tr>
              <td class="nowrap">
                <a href={`/app/appointments/${a.id}`}>{formatWhen(a.startsAt, locale)}</a>
              </td>
              <td>{a.mediator?.name ?? t.common.none}</td>
              <td>
                <StatusBadge status={a.status} t={t} />
              </td>
              <td>
                {a.status !== 'cancelled' && a.startsAt > now ? (
                  <form method="post" action={`/app/series/${view.series.id}/cancel`} class="m-0">
                    <input type="hidden" name="from" value={new Date(a.startsAt).toISOString()} />
                    <button type="submit" class="btn btn-sm btn-outline-danger">
                      {t.series.cancelFrom}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      </>,
    );
  };

  r.get('/app/series/:id', (c) => seriesPage(c));
  r.post('/app/series/:id/cancel', async (c) => {
    const { t } = c.get('page');
    const values = await formValues(c.req.parseBody());
    const from = values.from && !Number.isNaN(Date.parse(values.from)) ? values.from : undefined;
    const result = await cancelSeries(webCtx(c), c.req.param('id'), from ? { from } : {});
    return seriesPage(c, t.series.cancelled(result.cancelled.length));
  });
  return r;
}
