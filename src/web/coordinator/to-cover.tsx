import { DateTime } from 'luxon';
import type { AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import { ConflictError, DomainError } from '../../domain/errors.js';
import { FALLBACK_STEPS, type FallbackStep } from '../../domain/vocabulary.js';
import { assignMediator } from '../../operations/appointments/assign.js';
import { listCandidates } from '../../operations/appointments/candidates.js';
import { getAppointment, listAppointments } from '../../operations/appointments/list.js';
import { listAreas } from '../../operations/areas.js';
import { listLanguages } from '../../operations/languages.js';
import { reofferAppointment } from '../../operations/offers.js';
import { listServices } from '../../operations/services.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { emptyForm, formValues, InputField, SelectField } from '../forms.js';
import { addDays, formatTime, formatWhen, languageName, localeOf, WEB_ZONE } from '../format.js';
import { Notice, StatusBadge } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';

const WAITING = ['unfilled', 'open', 'offered'] as const;

interface Filters {
  language: string;
  area: string;
  days: number;
}

function filtersOf(q: Record<string, string | undefined>): Filters {
  return {
    language: q.language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(q.language) ? q.language : '',
    area: q.area && /^[A-Z]{1,4}$/.test(q.area) ? q.area : '',
    days: Math.min(Math.max(Number(q.days) || 30, 1), 90),
  };
}

const listUrl = (f: Filters, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  if (f.language) params.set('language', f.language);
  if (f.area) params.set('area', f.area);
  if (f.days !== 30) params.set('days', String(f.days));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return `/app/to-cover${s ? `?${s}` : ''}`;
};

interface Names {
  areas: Map<string, string>;
  services: Map<string, string>;
}

async function namesOf(c: WebContext): Promise<Names> {
  const ctx = webCtx(c);
  const [areas, services] = await Promise.all([listAreas(ctx), listServices(ctx, { limit: 500 })]);
  return { areas: new Map(areas.map((a) => [a.code, a.name])), services: new Map(services.items.map((s) => [s.id, s.name])) };
}

type Result = { tone: 'success' | 'danger' | 'info' | 'warning'; text: string };

/** Requests still without a mediator, from now, urgent first then by start; each can open its candidates in place. */
export function toCoverRoutes() {
  const r = webRouter();

  r.get('/app/to-cover', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.toCover;
    const ctx = webCtx(c);
    const f = filtersOf(c.req.query());
    const open = c.req.query('open') ?? '';
    const done = c.req.query('done') ?? '';
    const from = ctx.clock.now();
    const to = addDays(DateTime.fromMillis(from, { zone: WEB_ZONE }).startOf('day').toMillis(), f.days + 1);
    const scope = { from, to, limit: 200, ...(f.language ? { language: f.language } : {}), ...(f.area ? { area: f.area } : {}) };
    const [pages, names, languages] = await Promise.all([Promise.all(WAITING.map((status) => listAppointments(ctx, { ...scope, status }))), namesOf(c), listLanguages(ctx, localeOf(t))]);
    const items = pages.flatMap((page) => page.items);
    // The request just acted on stays in the list (now booked), with the result beside it.
    if (done && !items.some((a) => a.id === done)) {
      const a = await getAppointment(ctx, done).catch(() => null);
      if (a) items.push(a);
    }
    items.sort((a, b) => (a.urgency === b.urgency ? a.startsAt - b.startsAt : a.urgency === 'urgent' ? -1 : 1));
    const result = resultFromQuery(c.req.query('result'), t);
    const form = emptyForm({ language: f.language, area: f.area, days: String(f.days) });
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <p>{p.intro(f.days)}</p>
        <form method="get" action="/app/to-cover" class="row g-2 align-items-end mb-3">
          <div class="col-sm-4">
            <SelectField name="language" label={p.languageCode} form={form} placeholder={t.common.all} options={languages.map((l) => ({ value: l.code, label: l.name }))} />
          </div>
          <div class="col-sm-3">
            <SelectField name="area" label={p.areaCode} form={form} placeholder={t.common.all} options={[...names.areas].map(([value, label]) => ({ value, label }))} />
          </div>
          <div class="col-sm-2">
            <InputField name="days" type="number" label={p.days} form={form} min="1" max="90" />
          </div>
          <div class="col-sm-2 mb-3">
            <button type="submit" class="btn btn-primary">
              {t.common.filter}
            </button>
          </div>
        </form>
        {f.language || f.area ? (
          <p>
            {p.filtered([f.language ? languageName(f.language, localeOf(t)) : '', f.area ? (names.areas.get(f.area) ?? f.area) : ''].filter(Boolean).join(', '))}{' '}
            <a href="/app/to-cover">{p.showAll}</a>
            {f.language && f.area ? (
              <>
                {' · '}
                <a href={`/app/supply?${new URLSearchParams({ language: f.language, area: f.area }).toString()}`}>{t.coordinatorPages.nav.supply}</a>
              </>
            ) : null}
          </p>
        ) : null}
        {items.length === 0 ? (
          <p>{p.empty}</p>
        ) : (
          <div class="table-responsive">
            <table class="table align-middle to-cover">
              <caption class="visually-hidden">{p.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.agenda.when}</th>
                  <th scope="col">{t.agenda.language}</th>
                  <th scope="col">{p.place}</th>
                  <th scope="col">{p.urgency}</th>
                  <th scope="col">{t.agenda.status}</th>
                  <th scope="col">{p.reason}</th>
                  <th scope="col">{p.actions}</th>
                </tr>
              </thead>
              {await Promise.all(
                items.map(async (a) =>
                  a.id === open || a.id === done ? (
                    <RequestRows a={a} t={t} names={names} back={f} panel={await panelData(c, a)} result={a.id === done ? result : undefined} />
                  ) : (
                    <RequestRows a={a} t={t} names={names} back={f} />
                  ),
                ),
              )}
            </table>
          </div>
        )}
      </>,
    );
  });

  // The candidates of one request, in place (htmx swaps the request's rows).
  r.get('/app/to-cover/:id', async (c) => {
    const { t } = c.get('page');
    const f = filtersOf(c.req.query());
    const a = await getAppointment(webCtx(c), c.req.param('id'));
    if (!c.req.header('hx-request')) return c.redirect(listUrl(f, { open: a.id }) + `#req-${a.id}`, 303);
    return c.html(<RequestRows a={a} t={t} names={await namesOf(c)} back={f} panel={await panelData(c, a)} />);
  });

  const answer = async (c: WebContext, id: string, f: Filters, result: Result, code: string) => {
    if (!c.req.header('hx-request')) return c.redirect(listUrl(f, { done: id, result: code }) + `#req-${id}`, 303);
    const { t } = c.get('page');
    const a = await getAppointment(webCtx(c), id);
    return c.html(<RequestRows a={a} t={t} names={await namesOf(c)} back={f} panel={await panelData(c, a)} result={result} />);
  };

  r.post('/app/to-cover/:id/assign', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.toCover;
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const f = filtersOf(values);
    const fallback = (FALLBACK_STEPS as readonly string[]).includes(values.fallback ?? '') ? (values.fallback as FallbackStep) : undefined;
    try {
      const a = await assignMediator(webCtx(c), id, { mediatorId: values.mediatorId ?? '', ...(fallback ? { fallback } : {}) });
      return answer(c, id, f, { tone: 'success', text: p.assigned(a.mediator?.name ?? '') }, 'assigned');
    } catch (error) {
      if (error instanceof ConflictError || (error instanceof DomainError && error.status === 422)) {
        return answer(c, id, f, { tone: 'danger', text: t.conflict[error.code] ?? t.conflict.mediator_not_eligible ?? '' }, 'taken');
      }
      throw error;
    }
  });

  r.post('/app/to-cover/:id/reoffer', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.toCover;
    const id = c.req.param('id');
    const f = filtersOf(await formValues(c.req.parseBody()));
    const outcome = await reofferAppointment(webCtx(c), id);
    return outcome === 'offered' ? answer(c, id, f, { tone: 'success', text: p.reoffered }, 'reoffered') : answer(c, id, f, { tone: 'warning', text: p.nobodyNew }, 'nobody');
  });

  return r;
}

function resultFromQuery(code: string | undefined, t: Texts): Result | undefined {
  const p = t.coordinatorPages.toCover;
  switch (code) {
    case 'assigned':
      return { tone: 'success', text: p.assignedShort };
    case 'taken':
      return { tone: 'danger', text: t.conflict.mediator_unavailable ?? p.taken };
    case 'reoffered':
      return { tone: 'success', text: p.reoffered };
    case 'nobody':
      return { tone: 'warning', text: p.nobodyNew };
    default:
      return undefined;
  }
}

type Candidates = Awaited<ReturnType<typeof listCandidates>>;

async function panelData(c: WebContext, a: AppointmentWithMediator): Promise<Candidates | null> {
  if (a.mediatorId || a.status === 'cancelled' || a.startsAt <= webCtx(c).clock.now()) return null;
  return listCandidates(webCtx(c), a.id, { explain: false, limit: 5 });
}

interface Reason {
  code: string;
  rules?: Record<string, number>;
}

function ReasonCell(props: { a: AppointmentWithMediator; t: Texts }) {
  const { t } = props;
  if (!props.a.unfilledReason) return <>{props.a.status === 'offered' ? t.coordinatorPages.toCover.waitingAnswers : t.common.none}</>;
  const reason = JSON.parse(props.a.unfilledReason) as Reason;
  const rules = Object.entries(reason.rules ?? {}).filter(([, n]) => n > 0);
  return (
    <>
      {t.coordinatorPages.dashboard.reasons[reason.code] ?? reason.code}
      {rules.length > 0 ? (
        <ul class="small mb-0 ps-3">
          {rules.map(([rule, n]) => (
            <li>{t.coordinatorPages.toCover.excludedBy(t.rule[rule] ?? rule, n)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** One request as a `<tbody>`: its row and, when opened, the panel with candidates, fallback steps and re-offer. */
function RequestRows(props: { a: AppointmentWithMediator; t: Texts; names: Names; back: Filters; panel?: Candidates | null; result?: Result | undefined }) {
  const { a, t, names, back } = props;
  const p = t.coordinatorPages.toCover;
  const locale = localeOf(t);
  const language = languageName(a.language, locale);
  const hidden = (
    <>
      {back.language ? <input type="hidden" name="language" value={back.language} /> : null}
      {back.area ? <input type="hidden" name="area" value={back.area} /> : null}
      <input type="hidden" name="days" value={String(back.days)} />
    </>
  );
  const target = `#req-${a.id}`;
  const opened = props.panel !== undefined || props.result !== undefined;
  const panel = props.panel;
  const excludedTotal = panel ? Object.values(panel.excludedByRule).reduce((s, n) => s + n, 0) : 0;
  return (
    <tbody id={`req-${a.id}`}>
      <tr>
        <td class="nowrap">
          <a href={`/app/appointments/${a.id}`}>{formatWhen(a.startsAt, locale)}</a>
          <span class="d-block small">
            {formatTime(a.startsAt)}–{formatTime(a.endsAt)}
          </span>
        </td>
        <td>{language}</td>
        <td>
          {names.areas.get(a.areaCode) ?? a.areaCode}
          <span class="d-block small">
            {names.services.get(a.serviceId) ?? ''} · {t.modality[a.modality as keyof Texts['modality']]}
          </span>
        </td>
        <td>{a.urgency === 'urgent' ? <strong>{t.urgency.urgent}</strong> : t.urgency.standard}</td>
        <td>
          <StatusBadge status={a.status} t={t} />
          {a.mediator ? <span class="d-block small">{a.mediator.name}</span> : null}
        </td>
        <td>
          <ReasonCell a={a} t={t} />
        </td>
        <td>
          {!opened && !a.mediatorId ? (
            <a class="btn btn-sm btn-outline-primary" href={`${listUrl(back, { open: a.id })}#req-${a.id}`} hx-get={`/app/to-cover/${a.id}?${new URLSearchParams({ language: back.language, area: back.area, days: String(back.days) }).toString()}`} hx-target={target} hx-swap="outerHTML" aria-label={p.openFor(language, formatWhen(a.startsAt, locale))}>
              {p.open}
            </a>
          ) : null}
        </td>
      </tr>
      {opened ? (
        <tr class="panel-row">
          <td colspan={7}>
            <div aria-live="polite">
              {props.result ? <Notice tone={props.result.tone}>{props.result.text}</Notice> : null}
            </div>
            {panel ? (
              <div class="row">
                <div class="col-lg-7">
                  <h2 class="h6">{panel.candidates.length > 0 ? p.candidatesTitle(panel.candidateCount) : t.candidates.fallbackTitle}</h2>
                  {panel.candidates.length > 0 ? (
                    <ul class="list-unstyled">
                      {panel.candidates.map((cand) => (
                        <li class="d-flex flex-wrap align-items-center gap-2 mb-2">
                          <form method="post" action={`/app/to-cover/${a.id}/assign`} hx-post={`/app/to-cover/${a.id}/assign`} hx-target={target} hx-swap="outerHTML" class="m-0">
                            {hidden}
                            <input type="hidden" name="mediatorId" value={cand.mediatorId} />
                            <button type="submit" class="btn btn-sm btn-primary" aria-label={t.candidates.assignTo(cand.name)}>
                              {t.candidates.assign}
                            </button>
                          </form>
                          <span>
                            <span class="fw-semibold">{cand.name}</span> · {cand.reasons.map((r) => t.reason[r.code] ?? r.code).join(', ')}
                          </span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <>
                      <p>{panel.fallback.some((s) => s.candidates.length > 0) ? t.candidates.fallbackIntro : t.candidates.fallbackNone}</p>
                      <ul class="list-unstyled">
                        {panel.fallback.flatMap((step) =>
                          step.candidates.slice(0, 3).map((cand) => (
                            <li class="mb-2">
                              <form method="post" action={`/app/to-cover/${a.id}/assign`} hx-post={`/app/to-cover/${a.id}/assign`} hx-target={target} hx-swap="outerHTML" class="m-0">
                                {hidden}
                                <input type="hidden" name="mediatorId" value={cand.mediatorId} />
                                <input type="hidden" name="fallback" value={step.step} />
                                <button type="submit" class="btn btn-sm btn-outline-primary">
                                  {t.candidates.fallbackWith(t.fallbackStep[step.step as FallbackStep], cand.name)}
                                  {cand.travelMinutes !== undefined ? ` (${t.candidates.travel(cand.travelMinutes)})` : ''}
                                </button>
                              </form>
                            </li>
                          )),
                        )}
                      </ul>
                    </>
                  )}
                </div>
                <div class="col-lg-5">
                  <h2 class="h6">{p.explainTitle}</h2>
                  {excludedTotal === 0 ? (
                    <p>{p.noneExcluded}</p>
                  ) : (
                    <ul class="small">
                      {Object.entries(panel.excludedByRule)
                        .filter(([, n]) => n > 0)
                        .map(([rule, n]) => (
                          <li>{p.excludedBy(t.rule[rule] ?? rule, n)}</li>
                        ))}
                    </ul>
                  )}
                  <p class="d-flex flex-wrap gap-2">
                    <a href={`/app/appointments/${a.id}?whyNot=1#why-not`}>{p.explainAll}</a>
                  </p>
                  <form method="post" action={`/app/to-cover/${a.id}/reoffer`} hx-post={`/app/to-cover/${a.id}/reoffer`} hx-target={target} hx-swap="outerHTML" class="m-0">
                    {hidden}
                    <button type="submit" class="btn btn-sm btn-outline-secondary">
                      {p.reoffer}
                    </button>
                  </form>
                </div>
              </div>
            ) : null}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
