import type { Child } from 'hono/jsx';
import { DateTime } from 'luxon';
import type { Ctx } from '../deps.js';
import { OUTCOMES } from '../domain/attendance.js';
import { MONTH_PATTERN, reportPeriod } from '../domain/period.js';
import { ConflictError, DomainError } from '../domain/errors.js';
import { APPOINTMENT_STATUSES, FALLBACK_STEPS, GENDER_PREFERENCES, GENDERS, LEVELS, MODALITIES, SECTORS, URGENCIES } from '../domain/vocabulary.js';
import { csvFileName, sessionsCsv, timesheetCsv } from '../http/report-csv.js';
import { AppointmentCreate, AppointmentPatch, PastSessionCreate } from '../http/schemas/appointments.js';
import { randomSecret } from '../ids.js';
import { assignMediator } from '../operations/appointments/assign.js';
import { cancelAppointment } from '../operations/appointments/cancel.js';
import { listCandidates } from '../operations/appointments/candidates.js';
import { createAppointment } from '../operations/appointments/create.js';
import { appointmentHistory } from '../operations/appointments/history.js';
import { getAppointment, listAppointments } from '../operations/appointments/list.js';
import { recordPastSession } from '../operations/appointments/record-past.js';
import { createSeries } from '../operations/series/create.js';
import { updateAppointment } from '../operations/appointments/update.js';
import { attendanceView, listOpenSessions } from '../operations/attendance.js';
import { appointmentInvite, currentFeed, rotateFeed } from '../operations/calendars.js';
import { createExclusion, listExclusions, removeExclusion } from '../operations/exclusions.js';
import { listLanguages } from '../operations/languages.js';
import { timesheetReport } from '../operations/reports.js';
import { getService } from '../operations/services.js';
import { buildInvite } from '../calendar/invite.js';
import { roleOf, type WebContext, webCtx, webRouter } from './env.js';
import {
  domainFieldErrors,
  emptyForm,
  ErrorSummary,
  type FormState,
  formValues,
  InputField,
  RadioGroup,
  schemaErrors,
  SelectField,
  TextAreaField,
} from './forms.js';
import { addDays, dateInputValue, formatDay, formatRange, formatStamp, formatTime, formatWhen, languageName, romeDayStart, romeInstant, telHref, timeInputValue, WEB_ZONE } from './format.js';
import { Facts, Notice, StatusBadge } from './layout.js';
import { signSheetFromForm } from './sheet.js';
import { SlipForm, slipPage } from './slip.js';
import { MediatorActions } from './mediator/actions.js';
import { notFoundPage, render } from './render.js';
import type { Texts } from './texts/it.js';

const localeOf = (t: Texts) => (t.lang === 'en' ? 'en' : 'it');
const iso = (ms: number) => new Date(ms).toISOString();

/** The desk's pages (a coordinator may use them too): agenda, new request, an appointment and its actions, close-out, exclusions, hours. */
export function deskRoutes() {
  const r = webRouter();

  // ---- New request -------------------------------------------------------------------------
  const requestLabels = (t: Texts): Record<string, string> => ({
    language: t.request.language,
    date: t.request.date,
    time: t.request.time,
    start: t.request.date,
    durationMinutes: t.request.duration,
    modality: t.request.modality,
    sector: t.request.sector,
    location: t.request.location,
    videoUrl: t.request.videoUrl,
    dialIn: t.request.dialIn,
    beneficiaryRef: t.request.caseRef,
    genderPreference: t.request.genderPreference,
    gender: t.request.gender,
    urgency: t.request.urgency,
    minLevel: t.request.minLevel,
    notes: t.request.notes,
    assignment: t.request.assignment,
    repeatCount: t.series.count,
  });

  const requestPage = async (c: WebContext, form: FormState, status: 200 | 409 | 422 = 200) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const languages = await listLanguages(ctx, localeOf(t));
    const service = ctx.actor.serviceId ? await getService(ctx, ctx.actor.serviceId) : null;
    const option = (l: { code: string; name: string }) => ({ value: l.code, label: l.name });
    return render(
      c,
      t.request.title,
      <>
        <h1>{t.request.title}</h1>
        <p class="small">
          <a href="/app/appointments/past">{t.past.link}</a>
        </p>
        <ErrorSummary form={form} t={t} labels={requestLabels(t)} />
        <form method="post" action="/app/appointments/new" novalidate>
          <input type="hidden" name="idempotencyKey" value={form.values.idempotencyKey ?? randomSecret(16)} />
          <div class="row">
            <div class="col-md-6">
              <label for="language-search" class="form-label fw-semibold" hidden>
                {t.request.languageSearch}
              </label>
              <input id="language-search" type="search" class="form-control mb-2" data-filter-select="f-language" hidden autocomplete="off" />
              <SelectField
                name="language"
                label={t.request.language}
                form={form}
                required
                hint={t.request.rosterHint}
                placeholder={t.request.languageChoose}
                options={[]}
                groups={[
                  { label: t.request.inRoster, options: languages.filter((l) => l.inRoster).map(option) },
                  { label: t.request.others, options: languages.filter((l) => !l.inRoster).map(option) },
                ]}
              />
            </div>
          </div>
          <div class="row">
            <div class="col-sm-4">
              <InputField name="date" type="date" label={t.request.date} form={form} required />
            </div>
            <div class="col-sm-4">
              <InputField name="time" type="time" label={t.request.time} form={form} required step="300" />
            </div>
            <div class="col-sm-4">
              <InputField name="durationMinutes" type="number" label={t.request.duration} form={form} required min="15" max="480" step="5" inputmode="numeric" />
            </div>
          </div>
          <div class="row">
            <div class="col-sm-6">
              <SelectField name="modality" label={t.request.modality} form={form} options={MODALITIES.map((m) => ({ value: m, label: t.modality[m] }))} />
            </div>
            <div class="col-sm-6">
              <SelectField name="sector" label={t.request.sector} form={form} required options={SECTORS.map((s) => ({ value: s, label: t.sector[s] }))} />
            </div>
          </div>
          <InputField name="location" label={t.request.location} form={form} maxlength={300} hint={service ? t.request.locationHint(service.address) : undefined} />
          <div class="row">
            <div class="col-sm-6">
              <InputField name="videoUrl" type="url" label={t.request.videoUrl} form={form} maxlength={500} hint={t.request.videoUrlHint} />
            </div>
            <div class="col-sm-6">
              <InputField name="dialIn" label={t.request.dialIn} form={form} maxlength={100} hint={t.request.dialInHint} />
            </div>
          </div>
          <InputField name="beneficiaryRef" label={t.request.caseRef} form={form} maxlength={64} hint={t.request.caseRefHint} autocomplete="off" />
          <details class="mb-3" open={Boolean(form.errors.gender || form.errors.notes || form.errors.genderPreference)}>
            <summary class="fw-semibold mb-2">{t.request.more}</summary>
            <div class="row">
              <div class="col-sm-6">
                <SelectField name="genderPreference" label={t.request.genderPreference} form={form} options={GENDER_PREFERENCES.map((g) => ({ value: g, label: t.genderPreference[g] }))} />
              </div>
              <div class="col-sm-6">
                <SelectField name="gender" label={t.request.gender} form={form} placeholder={t.common.none} options={GENDERS.map((g) => ({ value: g, label: t.gender[g] }))} />
              </div>
              <div class="col-sm-6">
                <SelectField name="urgency" label={t.request.urgency} form={form} options={URGENCIES.map((u) => ({ value: u, label: t.urgency[u] }))} />
              </div>
              <div class="col-sm-6">
                <SelectField name="minLevel" label={t.request.minLevel} form={form} options={LEVELS.map((l) => ({ value: l, label: l === 'native' ? (t.lang === 'it' ? 'madrelingua' : 'native') : l }))} />
              </div>
            </div>
            <TextAreaField name="notes" label={t.request.notes} form={form} maxlength={2000} />
          </details>
          <fieldset class="mb-3">
            <legend class="form-label fw-semibold fs-6">{t.series.legend}</legend>
            <div class="row">
              <div class="col-sm-6">
                <SelectField
                  name="repeat"
                  label={t.series.repeat}
                  form={form}
                  options={[
                    { value: '', label: t.series.once },
                    { value: '1', label: t.series.weekly },
                    { value: '2', label: t.series.fortnightly },
                  ]}
                />
              </div>
              <div class="col-sm-6">
                <InputField name="repeatCount" type="number" label={t.series.count} form={form} min="2" max="60" hint={t.series.countHint} />
              </div>
            </div>
          </fieldset>
          <RadioGroup
            name="assignment"
            label={t.request.assignment}
            form={form}
            options={(['auto', 'manual', 'offer'] as const).map((a) => ({ value: a, label: t.assignment[a], hint: t.assignmentHint[a] }))}
          />
          <button type="submit" class="btn btn-primary btn-lg">
            {t.request.submit}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/appointments/new', async (c) => {
    const ctx = webCtx(c);
    const service = ctx.actor.serviceId ? await getService(ctx, ctx.actor.serviceId) : null;
    // The next working day: most requests are for a weekday appointment.
    let day = DateTime.fromMillis(ctx.clock.now(), { zone: WEB_ZONE }).plus({ days: 1 });
    while (day.weekday > 5) day = day.plus({ days: 1 });
    return requestPage(
      c,
      emptyForm({
        date: day.toISODate() ?? '',
        time: '10:00',
        durationMinutes: '60',
        modality: 'in_person',
        sector: sectorOfService(service?.kind),
        genderPreference: 'none',
        urgency: 'standard',
        minLevel: 'B2',
        assignment: 'auto',
        repeat: '',
        repeatCount: '10',
        language: c.req.query('language') ?? '',
      }),
    );
  });

  r.post('/app/appointments/new', async (c) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const values = await formValues(c.req.parseBody());
    const { start, errors } = startOf(values, t);
    const input = {
      language: values.language ?? '',
      start: start ?? '',
      durationMinutes: values.durationMinutes ? Number(values.durationMinutes) : undefined,
      modality: values.modality || undefined,
      sector: values.sector || undefined,
      genderPreference: values.genderPreference || undefined,
      gender: values.gender || undefined,
      beneficiaryRef: values.beneficiaryRef?.trim() || undefined,
      location: values.location?.trim() || undefined,
      videoUrl: values.videoUrl?.trim() || undefined,
      dialIn: values.dialIn?.trim() || undefined,
      notes: values.notes?.trim() || undefined,
      urgency: values.urgency || undefined,
      minLevel: values.minLevel || undefined,
      assignment: values.assignment || undefined,
    };
    const parsed = AppointmentCreate.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = schemaErrors(parsed.error, t, (field) =>
        field === 'durationMinutes'
          ? t.errors.duration
          : field === 'language' && !values.language
            ? t.errors.required
            : field === 'beneficiaryRef'
              ? t.errors.beneficiaryRef
              : field === 'videoUrl'
                ? t.errors.videoUrl
                : undefined,
      );
      if (fieldErrors.start && !errors.date && !errors.time) errors.date = t.errors.date;
      delete fieldErrors.start;
      Object.assign(errors, fieldErrors);
    }
    const repeat = values.repeat === '1' || values.repeat === '2' ? Number(values.repeat) : null;
    const count = Number(values.repeatCount);
    if (repeat && !(Number.isInteger(count) && count >= 2 && count <= 60)) errors.repeatCount = t.series.countError;
    if (repeat && values.assignment === 'offer') errors.assignment = t.series.noOffers;
    if (!parsed.success || Object.keys(errors).length > 0) return requestPage(c, { values, errors }, 422);
    const key = /^[A-Za-z0-9_-]{8,64}$/.test(values.idempotencyKey ?? '') ? `web:${values.idempotencyKey}` : undefined;
    try {
      if (repeat) {
        const created = await createSeries(ctx, { ...parsed.data, recurrence: { interval: repeat, count } }, key, (view) => ({ id: view.series.id }));
        return c.redirect(`/app/series/${(created.body as { id: string }).id}`, 303);
      }
      const outcome = await createAppointment(ctx, parsed.data, key, (a) => ({ id: a.id }));
      return c.redirect(`/app/appointments/${(outcome.body as { id: string }).id}`, 303);
    } catch (error) {
      const fields = domainFieldErrors(error, t, {
        start_in_past: t.errors.startInPast,
        unknown_language: t.errors.unknownLanguage,
        modality_unsuitable: t.errors.modalityUnsuitable,
        gender: t.errors.genderNeeded,
      });
      if (fields) {
        if (fields.start) {
          fields.date = fields.start;
          delete fields.start;
        }
        return requestPage(c, { values, errors: fields }, 422);
      }
      throw error;
    }
  });

  // ---- A session recorded after the fact ----------------------------------------------------
  const pastPage = async (c: WebContext, form: FormState, status: 200 | 409 | 422 = 200) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const [languages, recent] = await Promise.all([
      listLanguages(ctx, localeOf(t)),
      listAppointments(ctx, { limit: 200, from: addDays(ctx.clock.now(), -180), to: addDays(ctx.clock.now(), 90) }),
    ]);
    const known = new Map<string, string>();
    for (const a of recent.items) if (a.mediator) known.set(a.mediator.id, a.mediator.name);
    const labels = { language: t.request.language, mediatorId: t.past.mediator, date: t.request.date, time: t.request.time, durationMinutes: t.request.duration, outcome: t.attendance.outcome, checkIn: t.attendance.checkIn, checkOut: t.attendance.checkOut, beneficiaryRef: t.request.caseRef };
    return render(
      c,
      t.past.title,
      <>
        <h1>{t.past.title}</h1>
        <p>{t.past.intro}</p>
        <ErrorSummary form={form} t={t} labels={labels} />
        <form method="post" action="/app/appointments/past" novalidate>
          <div class="row">
            <div class="col-md-6">
              <SelectField name="language" label={t.request.language} form={form} required placeholder={t.request.languageChoose} options={languages.filter((l) => l.inRoster).map((l) => ({ value: l.code, label: l.name }))} />
            </div>
            <div class="col-md-6">
              <SelectField name="mediatorId" label={t.past.mediator} form={form} required placeholder={t.common.none} options={[...known].map(([value, label]) => ({ value, label }))} hint={t.past.mediatorHint} />
            </div>
          </div>
          <div class="row">
            <div class="col-sm-4">
              <InputField name="date" type="date" label={t.request.date} form={form} required />
            </div>
            <div class="col-sm-4">
              <InputField name="time" type="time" label={t.request.time} form={form} required />
            </div>
            <div class="col-sm-4">
              <InputField name="durationMinutes" type="number" label={t.request.duration} form={form} required min="5" max="480" />
            </div>
          </div>
          <div class="row">
            <div class="col-sm-6">
              <SelectField name="modality" label={t.request.modality} form={form} options={MODALITIES.map((m) => ({ value: m, label: t.modality[m] }))} />
            </div>
            <div class="col-sm-6">
              <SelectField name="sector" label={t.request.sector} form={form} options={SECTORS.map((s) => ({ value: s, label: t.sector[s] }))} />
            </div>
          </div>
          <InputField name="beneficiaryRef" label={t.request.caseRef} form={form} maxlength={64} hint={t.request.caseRefHint} autocomplete="off" />
          <RadioGroup name="outcome" label={t.attendance.outcome} form={form} options={OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] ?? o }))} />
          <div class="row">
            <div class="col-sm-6">
              <InputField name="checkIn" type="time" label={t.attendance.checkIn} form={form} />
            </div>
            <div class="col-sm-6">
              <InputField name="checkOut" type="time" label={t.attendance.checkOut} form={form} />
            </div>
          </div>
          <button type="submit" class="btn btn-primary">
            {t.past.submit}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/appointments/past', (c) => {
    const ctx = webCtx(c);
    const now = DateTime.fromMillis(ctx.clock.now(), { zone: WEB_ZONE });
    return pastPage(c, emptyForm({ date: now.toISODate() ?? '', durationMinutes: '30', modality: 'phone', sector: 'health', outcome: 'completed' }));
  });

  r.post('/app/appointments/past', async (c) => {
    const { t } = c.get('page');
    const values = await formValues(c.req.parseBody());
    const { start, errors } = startOf(values, t);
    const day = values.date ?? '';
    const instant = (time: string | undefined) => (time ? (romeInstant(day, time) ?? undefined) : undefined);
    const parsed = PastSessionCreate.safeParse({
      language: values.language ?? '',
      start: start ?? '',
      durationMinutes: values.durationMinutes ? Number(values.durationMinutes) : undefined,
      modality: values.modality || undefined,
      sector: values.sector || undefined,
      beneficiaryRef: values.beneficiaryRef?.trim() || undefined,
      mediatorId: values.mediatorId ?? '',
      outcome: values.outcome || undefined,
      checkIn: instant(values.checkIn),
      checkOut: instant(values.checkOut),
    });
    if (!parsed.success) {
      const fieldErrors = schemaErrors(parsed.error, t, (field) => (field === 'mediatorId' || field === 'language' || field === 'outcome' ? t.errors.required : field === 'durationMinutes' ? t.errors.duration : undefined));
      delete fieldErrors.start;
      Object.assign(errors, fieldErrors, errors);
    }
    if (!parsed.success || Object.keys(errors).length > 0) return pastPage(c, { values, errors }, 422);
    try {
      const a = await recordPastSession(webCtx(c), parsed.data);
      return c.redirect(`/app/appointments/${a.id}`, 303);
    } catch (error) {
      const fields = domainFieldErrors(error, t, { not_past: t.past.notPast, too_old: t.past.tooOld });
      if (fields) {
        if (fields.start) {
          fields.time = fields.start;
          delete fields.start;
        }
        return pastPage(c, { values, errors: fields }, 422);
      }
      if (error instanceof ConflictError) return pastPage(c, { values, errors: { mediatorId: t.conflict[error.code] ?? t.errors.invalid } }, 409);
      throw error;
    }
  });

  // ---- One appointment ---------------------------------------------------------------------
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
        {canWrite && a.status !== 'cancelled' ? <SlipForm id={id} language={a.language} locale={locale} /> : null}
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
      if (fields) {
        if (fields.start) {
          fields.date = fields.start;
          delete fields.start;
        }
        return detailPage(c, id, { reschedule: { values, errors: fields }, status: 422 });
      }
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

  // A new subscription URL for the service's calendar (the old one stops working), then back to the agenda.
  r.post('/app/calendar-feed', async (c) => {
    const ctx = webCtx(c);
    if (!ctx.actor.serviceId) return notFoundPage(c);
    await rotateFeed(ctx, 'service', ctx.actor.serviceId);
    return c.redirect('/app#feed-title', 303);
  });

  // ---- Close-out, exclusions, hours --------------------------------------------------------
  r.get('/app/close-out', async (c) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const page = await listOpenSessions(ctx, { limit: 100 });
    const appointments = await Promise.all(page.items.map((s) => getAppointment(ctx, s.appointmentId)));
    return render(
      c,
      t.closeOut.title,
      <>
        <h1>{t.closeOut.title}</h1>
        <p>{t.closeOut.intro}</p>
        {appointments.length === 0 ? (
          <p>{t.closeOut.empty}</p>
        ) : (
          <div class="table-responsive">
            <table class="table align-middle">
              <thead>
                <tr>
                  <th scope="col">{t.agenda.when}</th>
                  <th scope="col">{t.agenda.language}</th>
                  <th scope="col">{t.agenda.mediator}</th>
                  <th scope="col">{t.agenda.caseRef}</th>
                  <th scope="col">{t.agenda.status}</th>
                </tr>
              </thead>
              <tbody>
                {appointments.map((a, i) => (
                  <tr>
                    <td class="nowrap">
                      <a href={`/app/appointments/${a.id}#attendance-title`}>{formatWhen(a.startsAt, localeOf(t))}</a>
                    </td>
                    <td>{languageName(a.language, localeOf(t))}</td>
                    <td>{a.mediator?.name ?? t.common.none}</td>
                    <td>{a.beneficiaryRef ?? t.common.none}</td>
                    <td>{page.items[i]?.state === 'disputed' ? t.attendance.disputed : t.attendance.notYet}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
    );
  });

  const exclusionsPage = async (c: WebContext, form: FormState, status: 200 | 422 = 200) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const serviceId = ctx.actor.serviceId;
    if (!serviceId) return notFoundPage(c);
    const [page, recent] = await Promise.all([
      listExclusions(ctx, serviceId, { limit: 100 }),
      listAppointments(ctx, { limit: 200, from: addDays(ctx.clock.now(), -180), to: addDays(ctx.clock.now(), 90) }),
    ]);
    // The mediators this service has worked with (a desk does not browse the roster).
    const known = new Map<string, string>();
    for (const a of recent.items) if (a.mediator) known.set(a.mediator.id, a.mediator.name);
    return render(
      c,
      t.exclusions.title,
      <>
        <h1>{t.exclusions.title}</h1>
        <p>{t.exclusions.intro}</p>
        {page.items.length === 0 ? (
          <p>{t.exclusions.empty}</p>
        ) : (
          <div class="table-responsive">
            <table class="table align-middle">
              <thead>
                <tr>
                  <th scope="col">{t.exclusions.mediator}</th>
                  <th scope="col">{t.exclusions.reason}</th>
                  <th scope="col">{t.exclusions.since}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t.exclusions.remove}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
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

  const monthOf = (c: WebContext) => {
    const ctx = webCtx(c);
    const asked = c.req.query('month') ?? '';
    const value = MONTH_PATTERN.test(asked) ? asked : DateTime.fromMillis(ctx.clock.now(), { zone: WEB_ZONE }).toFormat('yyyy-MM');
    return { value, period: reportPeriod({ month: value }, ctx.config.zone) };
  };

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
          <div class="table-responsive">
            <table class="table">
              <caption>{t.hours.budget}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.hours.budget}</th>
                  <th scope="col">{t.hours.used}</th>
                  <th scope="col">{t.hours.remaining}</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        )}
        <div class="table-responsive">
          <table class="table table-striped">
            <caption>
              {t.hours.sessions} — {DateTime.fromMillis(period.from, { zone: WEB_ZONE }).setLocale(locale).toFormat('LLLL yyyy')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.agenda.when}</th>
                <th scope="col">{t.agenda.language}</th>
                <th scope="col">{t.agenda.mediator}</th>
                <th scope="col">{t.attendance.outcome}</th>
                <th scope="col">{t.hours.used}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan={4}>
                  {t.hours.total}
                </th>
                <td>{hours(report.rows.reduce((sum, row) => sum + row.billableMinutes, 0))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
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
    return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  });

  return r;
}

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
        <div class="table-responsive">
          <table class="table table-striped align-middle">
            <caption class="visually-hidden">{t.agenda.intro(formatDay(from, localeOf(t)), formatDay(addDays(to, -1), localeOf(t)))}</caption>
            <thead>
              <tr>
                <th scope="col">{t.agenda.when}</th>
                <th scope="col">{t.agenda.language}</th>
                <th scope="col">{t.agenda.modality}</th>
                <th scope="col">{t.agenda.mediator}</th>
                <th scope="col">{t.agenda.caseRef}</th>
                <th scope="col">{t.agenda.status}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
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

/** The instant of a form's date and time fields in Rome, or the message for the field at fault. */
function startOf(values: Record<string, string>, t: Texts): { start: string | null; errors: Record<string, string> } {
  const date = values.date ?? '';
  const time = values.time ?? '';
  if (romeDayStart(date) === null) return { start: null, errors: { date: t.errors.date } };
  const start = /^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? romeInstant(date, time) : null;
  return start ? { start, errors: {} } : { start: null, errors: { time: t.errors.time } };
}

/** A desk's service kind suggests the sector of its requests. */
function sectorOfService(kind: string | undefined): string {
  switch (kind) {
    case 'school':
      return 'school';
    case 'housing':
      return 'housing';
    case 'job_centre':
      return 'employment';
    case 'legal':
      return 'legal';
    case 'social':
    case 'municipality':
      return 'social';
    default:
      return 'health';
  }
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
            <RadioGroup name="outcome" label={t.attendance.outcome} form={form} options={OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] ?? o }))} />
            <div class="row">
              <div class="col-sm-6">
                <InputField name="checkIn" type="time" label={t.attendance.checkIn} form={form} />
              </div>
              <div class="col-sm-6">
                <InputField name="checkOut" type="time" label={t.attendance.checkOut} form={form} />
              </div>
            </div>
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
