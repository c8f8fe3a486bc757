import { DateTime } from 'luxon';
import { ConflictError } from '../../domain/errors.js';
import { MODALITIES, SECTORS } from '../../domain/vocabulary.js';
import { PastSessionCreate } from '../../http/schemas/appointments.js';
import { recordPastSession } from '../../operations/appointments/record-past.js';
import { listLanguages } from '../../operations/languages.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, schemaErrors, SelectField } from '../forms.js';
import { romeInstant, WEB_ZONE } from '../format.js';
import { render } from '../render.js';
import { AttendanceFields } from './attendance-fields.js';
import { localeOf, mediatorsWorkedWith, startErrorAt, startOf } from './shared.js';

/** A session held without a booking, recorded after the fact with the desk's sheet. */
export function pastRoutes() {
  const r = webRouter();

  const pastPage = async (c: WebContext, form: FormState, status: 200 | 409 | 422 = 200) => {
    const { t } = c.get('page');
    const ctx = webCtx(c);
    const [languages, known] = await Promise.all([listLanguages(ctx, localeOf(t)), mediatorsWorkedWith(ctx)]);
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
          <AttendanceFields t={t} form={form} />
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
      if (fields) return pastPage(c, { values, errors: startErrorAt(fields, 'time') }, 422);
      if (error instanceof ConflictError) return pastPage(c, { values, errors: { mediatorId: t.conflict[error.code] ?? t.errors.invalid } }, 409);
      throw error;
    }
  });

  return r;
}
