import { DateTime } from 'luxon';
import { rotateFeed } from '../../operations/calendars.js';
import { mediatorAgenda, mediatorOffers } from '../../operations/mediator-agenda.js';
import { type WebContext, webCtx } from '../env.js';
import { formatDay, formatTime, formatWhen, languageName, localeOf, telHref, WEB_ZONE } from '../format.js';
import { Notice, StatusBadge } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';

/** How many days after today the home page shows. */
const DAYS_AHEAD = 14;

type AgendaItem = Awaited<ReturnType<typeof mediatorAgenda>>[number];

const mapsUrl = (address: string) => `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;

/** "Oggi e prossimi": the mediator's appointments from today, by day, each with where to go and whom to call. */
export async function mediatorHomePage(c: WebContext, extra: { feedUrl?: string; notice?: { tone: 'success' | 'warning'; text: string } } = {}) {
  const { t } = c.get('page');
  const m = t.mediatorPages;
  const ctx = webCtx(c);
  const now = ctx.clock.now();
  const today = DateTime.fromMillis(now, { zone: WEB_ZONE }).startOf('day');
  const [items, offers] = await Promise.all([mediatorAgenda(ctx, today.toMillis(), today.plus({ days: DAYS_AHEAD + 1 }).toMillis()), mediatorOffers(ctx)]);
  const days = new Map<string, AgendaItem[]>();
  for (const a of items) {
    const day = DateTime.fromMillis(a.startsAt, { zone: WEB_ZONE }).toISODate() ?? '';
    days.set(day, [...(days.get(day) ?? []), a]);
  }
  const notice = extra.notice ?? handedBackNotice(c, t);
  return render(
    c,
    m.home.title,
    <>
      <div id="offline-banner" class="alert alert-warning" role="status" hidden data-offline-text={m.home.offline}></div>
      <h1>{m.home.title}</h1>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {offers.length > 0 ? (
        <Notice tone="info">
          <p class="mb-2">{m.home.offersWaiting(offers.length)}</p>
          <a class="btn btn-primary" href="/app/offers">
            {m.home.seeOffers}
          </a>
        </Notice>
      ) : null}
      <p>{m.home.intro(DAYS_AHEAD)}</p>
      {items.length === 0 ? <p>{m.home.empty}</p> : null}
      {[...days].map(([day, list]) => (
        <section class="mb-4" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`} class="h4">
            {day === today.toISODate() ? `${m.home.today} · ` : ''}
            {formatDay(list[0]?.startsAt ?? 0, localeOf(t))}
          </h2>
          {list.map((a) => (
            <AppointmentCard a={a} t={t} now={now} />
          ))}
        </section>
      ))}
      <section class="mt-4" aria-labelledby="calendar-title">
        <h2 id="calendar-title" class="h4">
          {m.calendar.title}
        </h2>
        <p>{m.calendar.intro}</p>
        {extra.feedUrl ? (
          <Notice tone="success">
            <p>{m.calendar.created}</p>
            <label for="feed-url" class="form-label fw-semibold">
              {m.calendar.url}
            </label>
            <input id="feed-url" class="form-control mb-2" readonly value={extra.feedUrl} />
            <a class="btn btn-primary" href={extra.feedUrl.replace(/^https?:/, 'webcal:')}>
              {m.calendar.subscribe}
            </a>
          </Notice>
        ) : (
          <form method="post" action="/app/calendar">
            <p class="small">{m.calendar.rotateHint}</p>
            <button type="submit" class="btn btn-outline-primary btn-lg w-100">
              {m.calendar.rotate}
            </button>
          </form>
        )}
      </section>
    </>,
  );
}

function handedBackNotice(c: WebContext, t: Texts): { tone: 'success' | 'warning'; text: string } | undefined {
  const q = c.req.query('handedBack');
  if (q === 'late') return { tone: 'warning', text: t.mediatorPages.home.handedBackLate };
  if (q === '1') return { tone: 'success', text: t.mediatorPages.home.handedBack };
  return undefined;
}

function AppointmentCard(props: { a: AgendaItem; t: Texts; now: number }) {
  const { a, t, now } = props;
  const h = t.mediatorPages.home;
  const locale = localeOf(t);
  const when = formatWhen(a.startsAt, locale);
  const booked = a.status === 'booked';
  const place = a.location ?? (a.modality === 'in_person' ? a.desk?.address : null) ?? null;
  return (
    <article class={`card appointment-card mb-3${booked ? '' : ' appointment-card--cancelled'}`} aria-labelledby={`apt-${a.id}`}>
      <div class="card-body">
        <h3 id={`apt-${a.id}`} class="h5 card-title">
          {formatTime(a.startsAt)}–{formatTime(a.endsAt)} · {languageName(a.language, locale)}
        </h3>
        {booked ? null : <StatusBadge status={a.status} t={t} />}
        <dl class="appointment-facts">
          <dt>{t.detail.modality}</dt>
          <dd>{t.modality[a.modality as keyof Texts['modality']]}</dd>
          <dt>{h.place}</dt>
          <dd>
            {a.modality === 'in_person' && place ? (
              <>
                {place}
                <a class="d-block btn btn-outline-primary mt-1" href={mapsUrl(place)} rel="noopener noreferrer" aria-label={h.mapLabel(place)}>
                  {h.map}
                </a>
              </>
            ) : a.modality === 'video' ? (
              booked && a.videoUrl ? (
                <a class="d-block btn btn-primary mt-1" href={a.videoUrl} rel="noopener noreferrer">
                  {h.joinVideo}
                </a>
              ) : (
                h.video
              )
            ) : booked && a.dialIn ? (
              <>
                {h.dialIn}{' '}
                <a class="d-block btn btn-outline-primary mt-1" href={telHref(a.dialIn)}>
                  {a.dialIn}
                </a>
              </>
            ) : (
              h.phoneCall
            )}
          </dd>
          {a.desk ? (
            <>
              <dt>{h.desk}</dt>
              <dd>
                {a.desk.name}
                {a.desk.phone ? (
                  <a class="d-block btn btn-outline-primary mt-1" href={telHref(a.desk.phone)} aria-label={h.callDesk(a.desk.phone)}>
                    {a.desk.phone}
                  </a>
                ) : null}
              </dd>
            </>
          ) : null}
          {booked && a.beneficiaryRef ? (
            <>
              <dt>{h.caseRef}</dt>
              <dd>{a.beneficiaryRef}</dd>
            </>
          ) : null}
          {booked && a.notes ? (
            <>
              <dt>{h.notes}</dt>
              <dd>{a.notes}</dd>
            </>
          ) : null}
        </dl>
        <div class="d-flex flex-wrap gap-2">
          <a class="btn btn-outline-primary" href={`/app/appointments/${a.id}`} aria-label={h.detailsLabel(when)}>
            {h.details}
          </a>
          {booked && a.startsAt <= now ? (
            <a class="btn btn-primary" href={`/app/appointments/${a.id}/attendance`} aria-label={h.attendanceLabel(when)}>
              {h.attendance}
            </a>
          ) : null}
          {booked && a.startsAt > now ? (
            <a class="btn btn-outline-danger" href={`/app/appointments/${a.id}/hand-back`} aria-label={h.handBackLabel(when)}>
              {h.handBack}
            </a>
          ) : null}
        </div>
      </div>
    </article>
  );
}

/** Creates a new subscription address on request (the old one stops working) and shows it once. */
export async function rotateCalendar(c: WebContext) {
  const ctx = webCtx(c);
  const { url } = await rotateFeed(ctx, 'mediator', ctx.actor.mediatorId ?? '');
  return mediatorHomePage(c, { feedUrl: url });
}
