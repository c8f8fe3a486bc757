import { OUTCOMES } from '../../domain/attendance.js';
import { isLateCancellation } from '../../domain/billing.js';
import { getAppointment } from '../../operations/appointments/list.js';
import { releaseAppointment } from '../../operations/appointments/release.js';
import { type AttendanceView, attendanceView } from '../../operations/attendance.js';
import { type WebContext, webCtx } from '../env.js';
import { emptyForm, ErrorSummary, type FormState, formValues, InputField, RadioGroup, TextAreaField } from '../forms.js';
import { formatRange, formatTime, iso, languageName, localeOf, timeInputValue } from '../format.js';
import { Facts, Notice } from '../layout.js';
import { render } from '../render.js';
import { signSheetFromForm } from '../sheet.js';
import type { Texts } from '../texts/it.js';

/** One sheet in words: "svolto, 10:02–10:58". */
function sheetText(t: Texts, row: AttendanceView['desk']): string {
  if (!row) return t.mediatorPages.attendance.notYet;
  const times = row.checkIn && row.checkOut ? `, ${formatTime(row.checkIn)}–${formatTime(row.checkOut)}` : '';
  return `${t.mediatorPages.attendance.outcomeLabels[row.outcome] ?? row.outcome}${times}`;
}

/** The mediator's attendance sheet on the phone: large outcome choices, times prefilled from the schedule, the desk's sheet beside theirs. */
async function sheetPage(c: WebContext, id: string, extra: { form?: FormState; notice?: string; status?: 200 | 409 | 422 } = {}) {
  const { t } = c.get('page');
  const s = t.mediatorPages.attendance;
  const ctx = webCtx(c);
  const a = await getAppointment(ctx, id);
  const started = a.startsAt <= ctx.clock.now();
  const view = a.status === 'booked' && started ? await attendanceView(ctx, id) : null;
  const mine = view?.mediator;
  const form =
    extra.form ??
    emptyForm({
      outcome: mine?.outcome ?? 'completed',
      checkIn: timeInputValue(mine?.checkIn ?? a.startsAt),
      checkOut: timeInputValue(mine?.checkOut ?? a.endsAt),
      comment: mine?.comment ?? '',
    });
  const closed = view?.state === 'confirmed' || view?.state === 'settled';
  const sheets = view ? <Facts rows={[[s.yours, sheetText(t, view.mediator)], [s.desk, sheetText(t, view.desk)]]} /> : null;
  const what = `${languageName(a.language, localeOf(t))}, ${formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))}`;
  return render(
    c,
    s.title,
    <>
      <h1>{s.title}</h1>
      <p>{s.intro(what)}</p>
      {extra.notice ? <Notice tone="success">{extra.notice}</Notice> : null}
      {!view ? <Notice tone="info">{a.status === 'booked' ? s.notStarted : (t.conflict.not_booked ?? '')}</Notice> : null}
      {view?.state === 'disputed' ? (
        <Notice tone="warning" title={s.disputedTitle}>
          <p>{s.disputed}</p>
          {sheets}
        </Notice>
      ) : view && (view.desk || view.mediator) ? (
        sheets
      ) : null}
      {closed && view?.settlement ? (
        <Notice tone="success">
          <p class="mb-0">
            {s.settled} {s.billable(view.settlement.billableMinutes)}
          </p>
        </Notice>
      ) : null}
      {view && !closed ? (
        <>
          <ErrorSummary form={form} t={t} labels={{ outcome: s.outcome, checkIn: s.checkIn, checkOut: s.checkOut, comment: s.comment }} />
          <form method="post" action={`/app/appointments/${id}/attendance`} novalidate class="big-choices">
            <RadioGroup name="outcome" label={s.outcome} form={form} options={OUTCOMES.map((o) => ({ value: o, label: s.outcomeLabels[o] ?? o }))} />
            <InputField name="checkIn" type="time" label={s.checkIn} form={form} />
            <button type="submit" name="arrived" value="1" class="btn btn-outline-primary btn-lg w-100 mb-3" aria-describedby="arrived-hint">
              {s.arrived}
            </button>
            <p id="arrived-hint" class="small">
              {s.arrivedHint}
            </p>
            <InputField name="checkOut" type="time" label={s.checkOut} form={form} />
            <TextAreaField name="comment" label={s.comment} form={form} maxlength={200} rows={2} />
            <button type="submit" class="btn btn-primary btn-lg w-100">
              {s.submit}
            </button>
          </form>
        </>
      ) : null}
    </>,
    extra.status ?? 200,
  );
}

export const attendanceSheet = (c: WebContext) => sheetPage(c, c.req.param('id') ?? '');

export async function signAttendance(c: WebContext) {
  const { t } = c.get('page');
  const id = c.req.param('id') ?? '';
  const ctx = webCtx(c);
  const values = await formValues(c.req.parseBody());
  // "Sono arrivato/a" fills the arrival time with now and shows the sheet again: nothing is saved yet.
  if (values.arrived === '1') return sheetPage(c, id, { form: emptyForm({ ...values, checkIn: timeInputValue(ctx.clock.now()) }) });
  const errors = await signSheetFromForm(ctx, id, values, t);
  if (errors) return sheetPage(c, id, { form: { values, errors }, status: 422 });
  return sheetPage(c, id, { notice: t.mediatorPages.attendance.signed });
}

/** Handing a booking back: the reason first, and a word when it is late. */
async function handBackPage(c: WebContext, form: FormState, status: 200 | 422 = 200) {
  const { t } = c.get('page');
  const h = t.mediatorPages.handBack;
  const ctx = webCtx(c);
  const id = c.req.param('id') ?? '';
  const a = await getAppointment(ctx, id);
  const late = isLateCancellation(ctx.clock.now(), a.startsAt, ctx.config.billing);
  return render(
    c,
    h.title,
    <>
      <h1>{h.title}</h1>
      <p class="fw-semibold">
        {languageName(a.language, localeOf(t))} — {formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))}
      </p>
      <p>{h.intro}</p>
      {late ? <Notice tone="warning">{h.late}</Notice> : null}
      <ErrorSummary form={form} t={t} labels={{ reason: h.reason }} />
      <form method="post" action={`/app/appointments/${id}/hand-back`} novalidate class="d-grid gap-2">
        <TextAreaField name="reason" label={h.reason} hint={h.reasonHint} form={form} required maxlength={500} rows={3} />
        <button type="submit" class="btn btn-danger btn-lg">
          {h.confirm}
        </button>
        <a class="btn btn-outline-primary btn-lg" href="/app">
          {h.keep}
        </a>
      </form>
    </>,
    status,
  );
}

export const handBackForm = (c: WebContext) => handBackPage(c, emptyForm());

export async function handBack(c: WebContext) {
  const { t } = c.get('page');
  const values = await formValues(c.req.parseBody());
  const reason = values.reason?.trim().slice(0, 500) ?? '';
  if (!reason) return handBackPage(c, { values, errors: { reason: t.errors.required } }, 422);
  const result = await releaseAppointment(webCtx(c), c.req.param('id') ?? '', { reason });
  return c.redirect(`/app?handedBack=${result.late ? 'late' : '1'}`, 303);
}
