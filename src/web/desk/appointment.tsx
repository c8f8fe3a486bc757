import type { Child } from 'hono/jsx';
import { ConflictError, DomainError } from '../../domain/errors.js';
import { FALLBACK_STEPS } from '../../domain/vocabulary.js';
import { AppointmentPatch } from '../../http/schemas/appointments.js';
import { assignMediator } from '../../operations/appointments/assign.js';
import { cancelAppointment } from '../../operations/appointments/cancel.js';
import { listCandidates } from '../../operations/appointments/candidates.js';
import { appointmentHistory } from '../../operations/appointments/history.js';
import { getAppointment } from '../../operations/appointments/list.js';
import { updateAppointment } from '../../operations/appointments/update.js';
import { attendanceView } from '../../operations/attendance.js';
import { appointmentInvite } from '../../operations/calendars.js';
import { buildInvite } from '../../calendar/invite.js';
import { roleOf, type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, schemaErrors, TextAreaField } from '../forms.js';
import { dateInputValue, formatRange, formatStamp, formatTime, languageName, telHref, timeInputValue } from '../format.js';
import { Facts, Notice, StatusBadge } from '../layout.js';
import { signSheetFromForm } from '../sheet.js';
import { SlipForm, slipPage } from '../slip.js';
import { MediatorActions } from '../mediator/actions.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';
import { AttendanceFields } from './attendance-fields.js';
import { iso, localeOf, startErrorAt, startOf } from './shared.js';

/** One appointment: the result of a request (booked, candidates and why-not, fallback), reschedule, cancel, .ics, slip, the attendance sheet, the history. */
export function appointmentRoutes() {
  const r = webRouter();

  const detailPage = async (c: WebContext, id: string, extra: { notice?: { tone: 'success' | 'warning' | 'danger' | 'info'; text: string }; reschedule?: FormState; attendance?: FormState; whyNot?: boolean; status?: 200 | 409 | 422 } = {}) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const role = roleOf(c);
    const locale = localeOf(t);
    const a = await getAppointment(ctx, id);
    const canWrite = role === 'desk' || role === 'coordinator';
    const now = ctx.clock.now();
    const future = a.startsAt > now;
    const needsMediator = canWrite && future && (a.status === 'open' || a.status === 'unfilled' || a.status === 'offered');
    const [candidates, history, attendance] = await Promise.all([
      needsMediator ? listCandidates(ctx, id, { explain: Boolean(extra.whyNot), limit: 10 }) : null,
      appointmentHistory(ctx, id),
      a.status === 'booked' && !future ? attendanceView(ctx, id) : null,
    ]);
    const language = languageName(a.language, locale);
    const unfilled = a.unfilledReason ? (JSON.parse(a.unfilledReason) as { code: string; detail: string; rules: Record<string, number> }) : null;
    const reschedule =
      extra.reschedule ??
      emptyForm({
        date: dateInputValue(a.startsAt),
        time: timeInputValue(a.startsAt),
        durationMinutes: String(a.durationMinutes),
        location: a.location ?? '',
        videoUrl: a.videoUrl ?? '',
        dialIn: a.dialIn ?? '',
        notes: a.notes ?? '',
      });
    const sheet = extra.attendance ?? emptyForm({ outcome: 'completed', checkIn: timeInputValue(a.startsAt), checkOut: timeInputValue(a.endsAt) });
    return render(
      c,
      t.detail.title(language),
      <>
        <h1>{t.detail.title(language)}</h1>
        {extra.notice ? <Notice tone={extra.notice.tone}>{extra.notice.text}</Notice> : null}
        {canWrite && future && a.status === 'booked' && a.modality === 'video' && !a.videoUrl ? <Notice tone="warning">{t.detail.videoLinkNeeded}</Notice> : null}
        {a.status === 'booked' && a.mediator ? (
          <Notice tone="success" title={t.detail.bookedTitle}>
            <p class="mb-0">{t.detail.booked(a.mediator.name)}</p>
          </Notice>
        ) : a.status === 'offered' ? (
          <Notice tone="info" title={t.detail.offeredTitle}>
            <p class="mb-0">{t.detail.offered}</p>
          </Notice>
        ) : a.status === 'unfilled' ? (
          <Notice tone="warning" title={t.detail.unfilledTitle}>
            {unfilled ? <UnfilledReason reason={unfilled} t={t} /> : null}
          </Notice>
        ) : a.status === 'cancelled' ? (
          <Notice tone="info" title={t.detail.cancelledTitle}>
            {a.cancelReason ? <p class="mb-0">{a.cancelReason}</p> : null}
          </Notice>
        ) : null}
        <Facts
          rows={[
            [t.detail.when, formatRange(iso(a.startsAt), iso(a.endsAt), locale)],
            [
              t.detail.status,
              <>
                <StatusBadge status={a.status} t={t} />
                {a.retroactive ? <span class="ms-2">{t.past.flag}</span> : null}
              </>,
            ],
            [
              t.detail.mediator,
              a.mediator ? (
                <>
                  {a.mediator.name}
                  {a.mediator.phone ? (
                    <>
                      {' · '}
                      <a href={telHref(a.mediator.phone)}>{a.mediator.phone}</a>
                    </>
                  ) : null}
                </>
              ) : (
                t.common.none
              ),
            ],
            [t.detail.modality, t.modality[a.modality as keyof Texts['modality']]],
            [t.detail.sector, t.sector[a.sector as keyof Texts['sector']]],
            [t.detail.place, a.location ?? t.common.none],
            ...(a.videoUrl ? ([[t.request.videoUrl, <a href={a.videoUrl}>{a.videoUrl}</a>]] as Array<[string, Child]>) : []),
            ...(a.dialIn ? ([[t.request.dialIn, a.dialIn]] as Array<[string, Child]>) : []),
            [t.detail.caseRef, a.beneficiaryRef ?? t.common.none],
            [t.detail.urgency, t.urgency[a.urgency as keyof Texts['urgency']]],
            [t.detail.assignment, t.assignment[a.assignment as keyof Texts['assignment']]],
            ...(a.seriesId ? ([[t.series.partOf, <a href={`/app/series/${a.seriesId}`}>{t.series.open}</a>]] as Array<[string, Child]>) : []),
            ...(a.notes ? ([[t.detail.notes, a.notes]] as Array<[string, string]>) : []),
          ]}
        />
        {role === 'mediator' ? <MediatorActions t={t} a={a} now={now} /> : null}
        {candidates ? <CandidatesSection id={id} t={t} result={candidates} whyNot={Boolean(extra.whyNot)} /> : null}
        <p class="d-flex flex-wrap gap-2">
          {a.status !== 'cancelled' ? (
            <a class="btn btn-outline-primary" href={`/app/appointments/${id}/invite.ics`} download>
              {t.detail.ics}
            </a>
          ) : null}
          {canWrite && future && a.status !== 'cancelled' ? (
            <a class="btn btn-outline-danger" href={`/app/appointments/${id}/cancel`}>
              {t.detail.cancelAction}
            </a>
          ) : null}
        </p>
        {canWrite && a.status !== 'cancelled' ? <SlipForm id={id} language={a.language} t={t} /> : null}
        {canWrite && future && a.status !== 'cancelled' ? (
          <section class="mt-4" aria-labelledby="reschedule-title">
            <h2 id="reschedule-title" class="h4">
              {t.detail.reschedule}
            </h2>
            <ErrorSummary
              form={reschedule}
              t={t}
              labels={{ date: t.request.date, time: t.request.time, durationMinutes: t.request.duration, location: t.request.location, videoUrl: t.request.videoUrl, dialIn: t.request.dialIn, notes: t.request.notes }}
            />
            <form method="post" action={`/app/appointments/${id}/reschedule`} novalidate>
              <div class="row">
                <div class="col-sm-4">
                  <InputField name="date" type="date" label={t.request.date} form={reschedule} required />
                </div>
                <div class="col-sm-4">
                  <InputField name="time" type="time" label={t.request.time} form={reschedule} required step="300" />
                </div>
                <div class="col-sm-4">
                  <InputField name="durationMinutes" type="number" label={t.request.duration} form={reschedule} required min="15" max="480" step="5" />
                </div>
              </div>
              <InputField name="location" label={t.request.location} form={reschedule} maxlength={300} />
              <div class="row">
                <div class="col-sm-6">
                  <InputField name="videoUrl" type="url" label={t.request.videoUrl} form={reschedule} maxlength={500} hint={t.request.videoUrlHint} />
                </div>
                <div class="col-sm-6">
                  <InputField name="dialIn" label={t.request.dialIn} form={reschedule} maxlength={100} hint={t.request.dialInHint} />
                </div>
              </div>
              <TextAreaField name="notes" label={t.request.notes} form={reschedule} maxlength={2000} rows={2} />
              <button type="submit" class="btn btn-primary">
                {t.detail.rescheduleSubmit}
              </button>
            </form>
          </section>
        ) : null}
        {attendance ? <AttendanceSection id={id} t={t} view={attendance} form={sheet} canSign={canWrite} /> : null}
        <section class="mt-4" aria-labelledby="history-title">
          <h2 id="history-title" class="h4">
            {t.detail.history}
          </h2>
          {history.length === 0 ? (
            <p>{t.detail.historyEmpty}</p>
          ) : (
            <ul class="list-unstyled">
              {history.map((h) => (
                <li>
                  <span class="nowrap">{formatStamp(h.at)}</span> — {(t.history as Record<string, string>)[h.action] ?? h.action}
                  {' · '}
                  {h.actorName ?? t.history.system}
                </li>
              ))}
            </ul>
          )}
        </section>
      </>,
      extra.status ?? 200,
    );
  };

  r.get('/app/appointments/:id', async (c) => detailPage(c, c.req.param('id'), { whyNot: c.req.query('whyNot') === '1' }));

  // The why-not list alone, for htmx to place under the candidates; without JavaScript the link reloads the page with it.
  r.get('/app/appointments/:id/why-not', async (c) => {
    const { t } = c.get('page');
    const result = await listCandidates(webCtx(c), c.req.param('id'), { explain: true, limit: 10 });
    return c.html(<WhyNot t={t} excluded={result.excluded} />);
  });

  r.post('/app/appointments/:id/assign', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const fallback = (FALLBACK_STEPS as readonly string[]).includes(values.fallback ?? '') ? (values.fallback as (typeof FALLBACK_STEPS)[number]) : undefined;
    try {
      await assignMediator(webCtx(c), id, { mediatorId: values.mediatorId ?? '', ...(fallback ? { fallback } : {}) });
    } catch (error) {
      // The mediator was just taken (or no longer fits): say so and show the next candidates.
      if (error instanceof ConflictError || (error instanceof DomainError && error.status === 422)) {
        return detailPage(c, id, { notice: { tone: 'danger', text: t.conflict[error.code] ?? t.conflict.mediator_not_eligible ?? '' }, status: 409 });
      }
      throw error;
    }
    return c.redirect(`/app/appointments/${id}`, 303);
  });

  r.post('/app/appointments/:id/reschedule', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const { start, errors } = startOf(values, t);
    const parsed = AppointmentPatch.safeParse({
      ...(start ? { start } : {}),
      durationMinutes: values.durationMinutes ? Number(values.durationMinutes) : undefined,
      location: values.location?.trim() ? values.location.trim() : null,
      videoUrl: values.videoUrl?.trim() ? values.videoUrl.trim() : null,
      dialIn: values.dialIn?.trim() ? values.dialIn.trim() : null,
      notes: values.notes?.trim() ? values.notes.trim() : null,
    });
    if (!parsed.success) {
      Object.assign(errors, schemaErrors(parsed.error, t, (field) => (field === 'durationMinutes' ? t.errors.duration : field === 'videoUrl' ? t.errors.videoUrl : undefined)));
    }
    if (!parsed.success || Object.keys(errors).length > 0) return detailPage(c, id, { reschedule: { values, errors }, status: 422 });
    try {
      const result = await updateAppointment(webCtx(c), id, parsed.data);
      return detailPage(c, id, { notice: { tone: result.mediatorKept || !result.appointment.mediatorId ? 'success' : 'warning', text: result.mediatorKept ? t.detail.mediatorKept : t.detail.mediatorLost } });
    } catch (error) {
      const fields = domainFieldErrors(error, t, { start_in_past: t.errors.startInPast });
      if (fields) return detailPage(c, id, { reschedule: { values, errors: startErrorAt(fields, 'date') }, status: 422 });
      throw error;
    }
  });

  // Cancelling asks first, with the charge a cancellation would bring now (a dry run), before anything changes.
  r.get('/app/appointments/:id/cancel', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const { appointment: a, charge } = await cancelAppointment(webCtx(c), id, undefined, true);
    const language = languageName(a.language, localeOf(t));
    return render(
      c,
      t.cancel.title,
      <>
        <h1>{t.cancel.title}</h1>
        <p>
          {t.detail.title(language)} — {formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))}
        </p>
        <Notice tone={charge.applies ? 'warning' : 'info'}>
          <p class="mb-0">
            {t.charge[charge.reason] ?? charge.reason}
            {charge.applies ? ` ${t.cancel.chargeNote(charge.billableMinutes)}` : ''}
          </p>
        </Notice>
        <form method="post" action={`/app/appointments/${id}/cancel`}>
          <TextAreaField name="reason" label={t.cancel.reason} form={emptyForm()} maxlength={500} rows={2} />
          <div class="d-flex flex-wrap gap-2">
            <button type="submit" class="btn btn-danger">
              {t.cancel.confirm}
            </button>
            <a class="btn btn-outline-primary" href={`/app/appointments/${id}`}>
              {t.cancel.keep}
            </a>
          </div>
        </form>
      </>,
    );
  });

  r.post('/app/appointments/:id/cancel', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const { charge } = await cancelAppointment(webCtx(c), id, values.reason?.trim().slice(0, 500) || undefined);
    return detailPage(c, id, { notice: { tone: 'success', text: `${t.cancel.done} ${t.charge[charge.reason] ?? ''}`.trim() } });
  });

  r.get('/app/appointments/:id/slip', slipPage);

  r.get('/app/appointments/:id/invite.ics', async (c) => {
    const { event, method } = await appointmentInvite(webCtx(c), c.req.param('id'));
    return c.body(buildInvite(event, method), 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="mediazione-${c.req.param('id')}.ics"`,
    });
  });

  r.post('/app/appointments/:id/attendance', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const errors = await signSheetFromForm(webCtx(c), id, values, t);
    if (errors) return detailPage(c, id, { attendance: { values, errors }, status: 422 });
    return detailPage(c, id, { notice: { tone: 'success', text: t.attendance.signed } });
  });


  return r;
}

function UnfilledReason(props: { reason: { code: string; rules: Record<string, number> }; t: Texts }) {
  const rules = Object.entries(props.reason.rules).filter(([, n]) => n > 0);
  return (
    <>
      <p class="mb-1">{props.t.detail.unfilledReason}:</p>
      <ul class="mb-0">
        {rules.length === 0 ? <li>{props.t.candidates.none}</li> : rules.map(([rule, n]) => <li>{`${props.t.rule[rule] ?? rule}: ${n}`}</li>)}
      </ul>
    </>
  );
}

type CandidateResult = Awaited<ReturnType<typeof listCandidates>>;

function CandidatesSection(props: { id: string; t: Texts; result: CandidateResult; whyNot: boolean }) {
  const { t, result, id } = props;
  const excludedTotal = Object.values(result.excludedByRule).reduce((sum, n) => sum + n, 0);
  return (
    <section class="mt-4" aria-labelledby="candidates-title">
      <h2 id="candidates-title" class="h4">
        {result.candidates.length > 0 ? t.detail.chooseMediator : t.candidates.fallbackTitle}
      </h2>
      {result.candidates.length > 0 ? (
        <>
          <p>{t.candidates.intro}</p>
          <ol class="list-group list-group-numbered mb-3">
            {result.candidates.map((cand) => (
              <li class="list-group-item d-flex flex-wrap justify-content-between align-items-start gap-2">
                <div class="me-auto">
                  <span class="fw-semibold">{cand.name}</span> · {t.candidates.score} {cand.score}
                  <ul class="small mb-0">
                    {cand.reasons.map((reason) => (
                      <li>{`${t.reason[reason.code] ?? reason.code} (+${reason.points})`}</li>
                    ))}
                  </ul>
                </div>
                <form method="post" action={`/app/appointments/${id}/assign`} class="m-0">
                  <input type="hidden" name="mediatorId" value={cand.mediatorId} />
                  <button type="submit" class="btn btn-primary" aria-label={t.candidates.assignTo(cand.name)}>
                    {t.candidates.assign}
                  </button>
                </form>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <>
          <p>{result.fallback.some((f) => f.candidates.length > 0) ? t.candidates.fallbackIntro : t.candidates.fallbackNone}</p>
          <div class="d-flex flex-wrap gap-2 mb-3">
            {result.fallback.flatMap((step) =>
              step.candidates.slice(0, 3).map((cand) => (
                <form method="post" action={`/app/appointments/${id}/assign`} class="m-0">
                  <input type="hidden" name="mediatorId" value={cand.mediatorId} />
                  <input type="hidden" name="fallback" value={step.step} />
                  <button type="submit" class="btn btn-outline-primary">
                    {t.candidates.fallbackWith(t.fallbackStep[step.step], cand.name)}
                    {cand.travelMinutes !== undefined ? ` (${t.candidates.travel(cand.travelMinutes)})` : ''}
                  </button>
                </form>
              )),
            )}
          </div>
        </>
      )}
      {excludedTotal > 0 ? (
        props.whyNot ? (
          <WhyNot t={t} excluded={result.excluded} />
        ) : (
          <p id="why-not">
            <a href={`/app/appointments/${id}?whyNot=1#why-not`} hx-get={`/app/appointments/${id}/why-not`} hx-target="#why-not" hx-swap="outerHTML">
              {t.candidates.whyNot}
            </a>{' '}
            ({t.candidates.excludedCount(excludedTotal)})
          </p>
        )
      ) : null}
    </section>
  );
}

function WhyNot(props: { t: Texts; excluded: CandidateResult['excluded'] }) {
  const { t } = props;
  return (
    <div id="why-not">
      <h3 class="h5">{t.candidates.whyNot}</h3>
      <p>{t.candidates.whyNotIntro}</p>
      <ul class="why-not">
        {props.excluded.map((e) => (
          <li>
            {e.name}: {t.rule[e.rule] ?? e.rule}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AttendanceSection(props: { id: string; t: Texts; view: Awaited<ReturnType<typeof attendanceView>>; form: FormState; canSign: boolean }) {
  const { t, view, form } = props;
  const sheet = (row: typeof view.desk) =>
    row ? `${t.outcome[row.outcome] ?? row.outcome}${row.checkIn && row.checkOut ? `, ${formatTime(row.checkIn)}–${formatTime(row.checkOut)}` : ''}` : t.attendance.notYet;
  const settled = view.state === 'confirmed' || view.state === 'settled';
  return (
    <section class="mt-4" aria-labelledby="attendance-title">
      <h2 id="attendance-title" class="h4">
        {t.attendance.title}
      </h2>
      <Facts rows={[[t.attendance.desk, sheet(view.desk)], [t.attendance.mediator, sheet(view.mediator)]]} />
      {view.state === 'disputed' ? <Notice tone="warning">{t.attendance.disputed}</Notice> : null}
      {settled ? <p class="fw-semibold">{t.attendance.settled}</p> : null}
      {props.canSign && !settled ? (
        <>
          <ErrorSummary form={form} t={t} labels={{ outcome: t.attendance.outcome, checkIn: t.attendance.checkIn, checkOut: t.attendance.checkOut }} />
          <form method="post" action={`/app/appointments/${props.id}/attendance`} novalidate>
            <AttendanceFields t={t} form={form} />
            <TextAreaField name="comment" label={t.attendance.notes} form={form} maxlength={200} rows={2} />
            <button type="submit" class="btn btn-primary">
              {t.attendance.submit}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
