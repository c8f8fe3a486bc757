import { DateTime } from 'luxon';
import type { Ctx } from '../../deps.js';
import { DomainError } from '../../domain/errors.js';
import { APPOINTMENT_STATUSES } from '../../domain/vocabulary.js';
import { listAppointments } from '../../operations/appointments/list.js';
import { currentFeed } from '../../operations/calendars.js';
import { listLanguages } from '../../operations/languages.js';
import { roleOf, type WebContext, webCtx } from '../env.js';
import { emptyForm, InputField, SelectField } from '../forms.js';
import { addDays, dateInputValue, formatDay, formatTime, formatWhen, languageName, romeDayStart, telHref, WEB_ZONE } from '../format.js';
import { DataTable, StatusBadge } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';
import { localeOf } from './shared.js';

/** The agenda: the reader's appointments from today for the next days (a desk: its service's; a mediator: their own), filterable. */
export async function agendaPage(c: WebContext) {
  const { t } = c.get('page');
  const ctx = webCtx(c);
  const q = c.req.query();
  const from = (q.from ? romeDayStart(q.from) : null) ?? DateTime.fromMillis(ctx.clock.now(), { zone: WEB_ZONE }).startOf('day').toMillis();
  const days = Math.min(Math.max(Number(q.days) || 15, 1), 62);
  const to = addDays(from, days);
  const status = (APPOINTMENT_STATUSES as readonly string[]).includes(q.status ?? '') ? (q.status as (typeof APPOINTMENT_STATUSES)[number]) : undefined;
  const languages = await listLanguages(ctx, localeOf(t));
  const language = q.language && languages.some((l) => l.code === q.language) ? q.language : undefined;
  const page = await listAppointments(ctx, { limit: 200, from, to, ...(status ? { status } : {}), ...(language ? { language } : {}) });
  const feed = ctx.actor.role === 'desk' && ctx.actor.serviceId ? await serviceFeedUrl(ctx, ctx.actor.serviceId) : undefined;
  const form = emptyForm({ from: dateInputValue(from), days: String(days), status: status ?? '', language: language ?? '' });
  const table = (
    <div id="agenda-table">
      {page.items.length === 0 ? (
        <p>{t.agenda.empty}</p>
      ) : (
        <DataTable
          headers={[t.agenda.when, t.agenda.language, t.agenda.modality, t.agenda.mediator, t.agenda.caseRef, t.agenda.status]}
          class="table-striped align-middle"
          caption={t.agenda.intro(formatDay(from, localeOf(t)), formatDay(addDays(to, -1), localeOf(t)))}
        >
          {page.items.map((a) => (
            <tr>
              <td class="nowrap">
                <a href={`/app/appointments/${a.id}`}>{formatWhen(a.startsAt, localeOf(t))}</a>
                <span class="d-block small">
                  {formatTime(a.startsAt)}–{formatTime(a.endsAt)}
                </span>
              </td>
              <td>{languageName(a.language, localeOf(t))}</td>
              <td>{t.modality[a.modality as keyof Texts['modality']]}</td>
              <td>
                {a.mediator ? (
                  <>
                    {a.mediator.name}
                    {a.mediator.phone ? (
                      <a class="d-block small" href={telHref(a.mediator.phone)}>
                        {a.mediator.phone}
                      </a>
                    ) : null}
                  </>
                ) : (
                  t.common.none
                )}
              </td>
              <td>{a.beneficiaryRef ?? t.common.none}</td>
              <td>
                <StatusBadge status={a.status} t={t} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
  return render(
    c,
    t.agenda.title,
    <>
      <h1>{t.agenda.title}</h1>
      <p>{t.agenda.intro(formatDay(from, localeOf(t)), formatDay(addDays(to, -1), localeOf(t)))}</p>
      <form method="get" action="/app" class="row g-2 align-items-end mb-3" hx-get="/app" hx-target="#agenda-table" hx-select="#agenda-table" hx-swap="outerHTML" hx-push-url="true">
        <div class="col-sm-3">
          <InputField name="from" type="date" label={t.agenda.from} form={form} />
        </div>
        <div class="col-sm-2">
          <InputField name="days" type="number" label={t.agenda.days} form={form} min="1" max="62" />
        </div>
        <div class="col-sm-3">
          <SelectField name="status" label={t.agenda.status} form={form} placeholder={t.agenda.allStatuses} options={APPOINTMENT_STATUSES.map((s) => ({ value: s, label: t.status[s] }))} />
        </div>
        <div class="col-sm-3">
          <SelectField name="language" label={t.agenda.language} form={form} placeholder={t.agenda.allLanguages} options={languages.filter((l) => l.inRoster).map((l) => ({ value: l.code, label: l.name }))} />
        </div>
        <div class="col-sm-1 mb-3">
          <button type="submit" class="btn btn-primary">
            {t.common.filter}
          </button>
        </div>
      </form>
      {roleOf(c) === 'desk' ? (
        <p>
          <a class="btn btn-success" href="/app/appointments/new">
            {t.nav.newRequest}
          </a>
        </p>
      ) : null}
      {table}
      {feed !== undefined ? <FeedSection t={t} url={feed} /> : null}
    </>,
  );
}

/** The service's subscription URL when one can be shown; null when there is none yet (or only an old one that cannot be shown). */
async function serviceFeedUrl(ctx: Ctx, serviceId: string): Promise<string | null> {
  try {
    return (await currentFeed(ctx, 'service', serviceId)).url;
  } catch (error) {
    if (error instanceof DomainError && (error.status === 404 || error.status === 409)) return null;
    throw error;
  }
}

function FeedSection(props: { t: Texts; url: string | null }) {
  const { t } = props;
  return (
    <section class="mt-4" aria-labelledby="feed-title">
      <h2 id="feed-title" class="h5">
        {t.agenda.feed}
      </h2>
      <p>{t.agenda.feedHint}</p>
      {props.url ? (
        <p>
          <label for="feed-url" class="form-label">
            {t.agenda.feedUrl}
          </label>
          <input id="feed-url" class="form-control" type="text" readonly value={props.url} />
        </p>
      ) : null}
      <form method="post" action="/app/calendar-feed" class="m-0">
        <button type="submit" class="btn btn-outline-primary">
          {props.url ? t.agenda.feedRotate : t.agenda.feedCreate}
        </button>
      </form>
      {props.url ? <p class="small mt-2">{t.agenda.feedRotateHint}</p> : null}
    </section>
  );
}
