import { OUTCOMES } from '../../domain/attendance.js';
import { getAppointment } from '../../operations/appointments/list.js';
import { type AttendanceView, attendanceView, listOpenSessions, settleAttendance } from '../../operations/attendance.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, RadioGroup, TextAreaField } from '../forms.js';
import { dateInputValue, formatRange, formatTime, iso, languageName, localeOf, romeInstant, timeInputValue } from '../format.js';
import { DataTable, Notice } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';


type Sheet = AttendanceView['desk'];

/** Disputed sessions: the two sheets side by side, the differences marked in words, and the coordinator's decision with a note. */
export function disputeRoutes() {
  const r = webRouter();

  r.get('/app/disputes', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.disputes;
    const ctx = webCtx(c);
    const page = await listOpenSessions(ctx, { state: 'disputed', limit: 50 });
    const rows = await Promise.all(page.items.map(async (s) => ({ a: await getAppointment(ctx, s.appointmentId), view: await attendanceView(ctx, s.appointmentId) })));
    const settledId = c.req.query('settled');
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <p>{p.intro}</p>
        {settledId ? <Notice tone="success">{p.settled}</Notice> : null}
        {rows.length === 0 ? <p>{p.empty}</p> : null}
        {rows.map(({ a, view }) => (
          <section class="mb-4 border-bottom pb-3" aria-labelledby={`d-${a.id}`}>
            <h2 class="h5" id={`d-${a.id}`}>
              {languageName(a.language, localeOf(t))} — {formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))}
              {a.mediator ? ` · ${a.mediator.name}` : ''}
            </h2>
            <SheetsTable view={view} t={t} />
            <a class="btn btn-primary" href={`/app/disputes/${a.id}`} aria-label={`${p.decide}: ${languageName(a.language, localeOf(t))}, ${formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))}`}>
              {p.decide}
            </a>
          </section>
        ))}
      </>,
    );
  });

  const decidePage = async (c: WebContext, id: string, form: FormState | null, status: 200 | 409 | 422 = 200, notice?: string) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.disputes;
    const ctx = webCtx(c);
    const [a, view] = await Promise.all([getAppointment(ctx, id), attendanceView(ctx, id)]);
    const base = view.mediator ?? view.desk;
    const values =
      form ??
      emptyForm({
        outcome: base?.outcome ?? 'completed',
        checkIn: timeInputValue(base?.checkIn ?? a.startsAt),
        checkOut: timeInputValue(base?.checkOut ?? a.endsAt),
      });
    const title = `${p.decideTitle} — ${languageName(a.language, localeOf(t))}`;
    return render(
      c,
      title,
      <>
        <h1>{title}</h1>
        <p>
          {formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))}
          {a.mediator ? ` · ${a.mediator.name}` : ''}
        </p>
        {notice ? <Notice tone="danger">{notice}</Notice> : null}
        <SheetsTable view={view} t={t} />
        {view.settlement ? (
          <Notice tone="info">{p.alreadySettled}</Notice>
        ) : (
          <>
            <ErrorSummary form={values} t={t} labels={{ outcome: t.attendance.outcome, checkIn: t.attendance.checkIn, checkOut: t.attendance.checkOut, note: p.note }} />
            <form method="post" action={`/app/disputes/${id}/settle`} novalidate class="col-lg-8">
              <RadioGroup name="outcome" label={t.attendance.outcome} form={values} options={OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] ?? o }))} />
              <div class="row">
                <div class="col-sm-6">
                  <InputField name="checkIn" type="time" label={t.attendance.checkIn} form={values} />
                </div>
                <div class="col-sm-6">
                  <InputField name="checkOut" type="time" label={t.attendance.checkOut} form={values} />
                </div>
              </div>
              <TextAreaField name="note" label={p.note} form={values} maxlength={500} rows={2} hint={p.noteHint} />
              <button type="submit" class="btn btn-primary">
                {p.settle}
              </button>
            </form>
          </>
        )}
        <p class="mt-3">
          <a href="/app/disputes">{p.back}</a>
        </p>
      </>,
      status,
    );
  };

  r.get('/app/disputes/:id', (c) => decidePage(c, c.req.param('id'), null));

  r.post('/app/disputes/:id/settle', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.disputes;
    const id = c.req.param('id');
    const ctx = webCtx(c);
    const values = await formValues(c.req.parseBody());
    const a = await getAppointment(ctx, id);
    const day = dateInputValue(a.startsAt);
    const outcome = (OUTCOMES as readonly string[]).includes(values.outcome ?? '') ? (values.outcome as (typeof OUTCOMES)[number]) : null;
    const errors: Record<string, string> = {};
    if (!outcome) errors.outcome = t.errors.required;
    if (!values.note?.trim()) errors.note = t.errors.required;
    const checkIn = values.checkIn ? romeInstant(day, values.checkIn) : null;
    const checkOut = values.checkOut ? romeInstant(day, values.checkOut) : null;
    if (outcome === 'completed') {
      if (!checkIn) errors.checkIn = t.errors.time;
      if (!checkOut) errors.checkOut = t.errors.time;
    }
    if (!outcome || Object.keys(errors).length > 0) return decidePage(c, id, { values, errors }, 422);
    try {
      await settleAttendance(ctx, id, {
        outcome,
        checkIn: outcome === 'completed' && checkIn ? Date.parse(checkIn) : null,
        checkOut: outcome === 'completed' && checkOut ? Date.parse(checkOut) : null,
        note: (values.note ?? '').trim().slice(0, 500),
      });
    } catch (error) {
      const fields = domainFieldErrors(error, t);
      if (fields) return decidePage(c, id, { values, errors: fields }, 422);
      if (error instanceof Error && 'code' in error && (error as { code: string }).code === 'already_settled') return decidePage(c, id, null, 409, p.alreadySettled);
      throw error;
    }
    return c.redirect(`/app/disputes?settled=${encodeURIComponent(id)}`, 303);
  });

  return r;
}

/** The two sheets in two columns, one line per field; a differing line says so in words and is emphasised. */
function SheetsTable(props: { view: AttendanceView; t: Texts }) {
  const { view, t } = props;
  const p = t.coordinatorPages.disputes;
  const differs = new Set<string>(view.differences.map((d) => d.field));
  const time = (v: number | null | undefined) => (v ? formatTime(v) : t.common.none);
  const fields: Array<[string, string, (s: Sheet) => string]> = [
    ['outcome', t.attendance.outcome, (s) => (s ? (t.outcome[s.outcome] ?? s.outcome) : t.attendance.notYet)],
    ['checkIn', t.attendance.checkIn, (s) => (s ? time(s.checkIn) : t.common.none)],
    ['checkOut', t.attendance.checkOut, (s) => (s ? time(s.checkOut) : t.common.none)],
    ['comment', t.attendance.notes, (s) => s?.comment ?? t.common.none],
  ];
  return (
    <DataTable headers={[p.field, t.attendance.desk, t.attendance.mediator, p.compare]} class="table-sm sheets">
      {fields.map(([key, label, show]) => (
        <tr class={differs.has(key) ? 'diff' : undefined}>
          <th scope="row">{label}</th>
          <td>{show(view.desk)}</td>
          <td>{show(view.mediator)}</td>
          <td>{differs.has(key) ? <span class="diff-mark">≠ {p.different}</span> : key === 'comment' ? '' : p.same}</td>
        </tr>
      ))}
    </DataTable>
  );
}
