import { DateTime } from 'luxon';
import { GENDER_PREFERENCES, GENDERS, LEVELS, MODALITIES, SECTORS, URGENCIES } from '../../domain/vocabulary.js';
import { AppointmentCreate } from '../../http/schemas/appointments.js';
import { randomSecret } from '../../ids.js';
import { createAppointment } from '../../operations/appointments/create.js';
import { createSeries } from '../../operations/series/create.js';
import { listLanguages } from '../../operations/languages.js';
import { getService } from '../../operations/services.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, RadioGroup, schemaErrors, SelectField, TextAreaField } from '../forms.js';
import { WEB_ZONE } from '../format.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';
import { localeOf, startErrorAt, startOf } from './shared.js';

/** The new request: the form (language by its name, every field, how to assign, a repetition) and its answer. */
export function requestRoutes() {
  const r = webRouter();

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
      if (fields) return requestPage(c, { values, errors: startErrorAt(fields, 'date') }, 422);
      throw error;
    }
  });

  return r;
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
