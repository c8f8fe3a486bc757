import { z } from 'zod';
import { TIME_OF_DAY, type WeeklyRule } from '../../domain/availability.js';
import { DomainError } from '../../domain/errors.js';
import { DATE_PATTERN } from '../../domain/period.js';
import { WeeklyRule as WeeklyRuleSchema } from '../../http/schemas/roster.js';
import { addTimeOff, getMediator, listTimeOff, removeTimeOff, setAvailability } from '../../operations/mediators.js';
import { type WebContext, webCtx } from '../env.js';
import { dateInputValue, formatRange, iso, localeOf, romeInstant } from '../format.js';
import { emptyForm, ErrorSummary, type FormState, formValues, InputField, SelectField } from '../forms.js';
import { Notice } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';
import { ReleaseWarning, ruleLabel } from './shared.js';

const selfId = (c: WebContext) => webCtx(c).actor.mediatorId ?? '';

/** The notice after a saved change (PRG): saved, and how many bookings it released. */
function savedNotice(c: WebContext, saved: string) {
  const { t } = c.get('page');
  if (c.req.query('saved') !== '1') return null;
  const released = Number(c.req.query('released') ?? 0);
  return (
    <Notice tone={released > 0 ? 'warning' : 'success'}>
      {saved}
      {released > 0 ? ` ${t.mediatorPages.release.released(released)}` : ''}
    </Notice>
  );
}

// ---- Weekly availability -------------------------------------------------------------------

async function availabilityPage(c: WebContext, form: FormState, status: 200 | 422 = 200) {
  const { t } = c.get('page');
  const v = t.mediatorPages.availability;
  const mediator = await getMediator(webCtx(c), selfId(c));
  const rules = mediator.availability;
  return render(
    c,
    v.title,
    <>
      <h1>{v.title}</h1>
      {savedNotice(c, v.saved)}
      <p>{v.intro}</p>
      {rules.length === 0 ? (
        <p>{v.empty}</p>
      ) : (
        <ul class="list-group mb-4">
          {rules.map((rule, index) => (
            <li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
              <span class="fw-semibold">{ruleLabel(t, rule)}</span>
              <form method="post" action="/app/availability" class="m-0">
                <input type="hidden" name="op" value="remove" />
                <input type="hidden" name="index" value={String(index)} />
                <button type="submit" class="btn btn-outline-danger" aria-label={v.removeLabel(ruleLabel(t, rule))}>
                  {v.remove}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2 class="h4">{v.add}</h2>
      <ErrorSummary form={form} t={t} labels={{ weekday: v.day, start: v.from, end: v.to }} />
      <form method="post" action="/app/availability" novalidate>
        <input type="hidden" name="op" value="add" />
        <SelectField name="weekday" label={v.day} form={form} options={v.weekdays.map((label, i) => ({ value: String(i + 1), label }))} />
        <div class="row">
          <div class="col-6">
            <InputField name="start" type="time" label={v.from} form={form} step="900" />
          </div>
          <div class="col-6">
            <InputField name="end" type="time" label={v.to} form={form} step="900" />
          </div>
        </div>
        <button type="submit" class="btn btn-primary btn-lg w-100">
          {v.addSubmit}
        </button>
      </form>
    </>,
    status,
  );
}

export const availabilityForm = (c: WebContext) => availabilityPage(c, emptyForm({ weekday: '1', start: '09:00', end: '13:00' }));

/** The API's rule, its unknown keys dropped rather than refused. */
const CarriedRules = z.array(z.object(WeeklyRuleSchema.shape));

/** Rules carried through the confirmation as JSON; null when malformed. */
function parseRules(text: string | undefined): WeeklyRule[] | null {
  try {
    const parsed = CarriedRules.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Add or remove a range: first a dry run; bookings it would release are listed for confirmation before anything is saved. */
export async function changeAvailability(c: WebContext) {
  const { t } = c.get('page');
  const v = t.mediatorPages.availability;
  const ctx = webCtx(c);
  const values = await formValues(c.req.parseBody());
  const current = [...(await getMediator(ctx, selfId(c))).availability];
  let next: WeeklyRule[];
  if (values.confirmed === '1') {
    const carried = parseRules(values.rules);
    if (!carried) return availabilityPage(c, emptyForm(), 422);
    next = carried;
  } else if (values.op === 'remove') {
    const index = Number(values.index);
    next = current.filter((_, i) => i !== index);
  } else {
    const errors: Record<string, string> = {};
    const weekday = Number(values.weekday);
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) errors.weekday = t.errors.required;
    if (!TIME_OF_DAY.test(values.start ?? '')) errors.start = t.errors.time;
    if (!TIME_OF_DAY.test(values.end ?? '')) errors.end = t.errors.time;
    if (!errors.start && !errors.end && (values.end ?? '') <= (values.start ?? '')) errors.end = v.endBeforeStart;
    if (Object.keys(errors).length > 0) return availabilityPage(c, { values, errors }, 422);
    next = [...current, { weekday, start: values.start ?? '', end: values.end ?? '' }];
  }
  try {
    if (values.confirmed !== '1') {
      const preview = await setAvailability(ctx, selfId(c), next, true);
      if (preview.released.length > 0) {
        return render(
          c,
          v.title,
          <>
            <h1>{v.title}</h1>
            {await ReleaseWarning({ c, released: preview.released, action: '/app/availability', fields: { rules: JSON.stringify(preview.rules) }, back: '/app/availability' })}
          </>,
        );
      }
    }
    const saved = await setAvailability(ctx, selfId(c), next);
    return c.redirect(`/app/availability?saved=1&released=${saved.released.length}`, 303);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_availability') return availabilityPage(c, { values, errors: { end: v.endBeforeStart } }, 422);
    throw error;
  }
}

// ---- Time off ------------------------------------------------------------------------------

async function timeOffPage(c: WebContext, form: FormState, status: 200 | 422 = 200) {
  const { t } = c.get('page');
  const o = t.mediatorPages.timeOff;
  const ctx = webCtx(c);
  const page = await listTimeOff(ctx, selfId(c), { limit: 100, from: iso(ctx.clock.now()) });
  return render(
    c,
    o.title,
    <>
      <h1>{o.title}</h1>
      {savedNotice(c, o.saved)}
      {c.req.query('removed') === '1' ? <Notice tone="success">{o.removed}</Notice> : null}
      <p>{o.intro}</p>
      {page.items.length === 0 ? (
        <p>{o.empty}</p>
      ) : (
        <ul class="list-group mb-4">
          {page.items.map((off) => {
            const period = formatRange(iso(off.startsAt), iso(off.endsAt), localeOf(t));
            return (
              <li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
                <span>
                  <span class="fw-semibold">{period}</span>
                  {off.reason ? <span class="d-block small">{off.reason}</span> : null}
                </span>
                <form method="post" action={`/app/time-off/${off.id}/remove`} class="m-0">
                  <button type="submit" class="btn btn-outline-danger" aria-label={o.removeLabel(period)}>
                    {o.remove}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
      <h2 class="h4">{o.add}</h2>
      <ErrorSummary form={form} t={t} labels={timeOffLabels(t)} />
      <form method="post" action="/app/time-off" novalidate>
        <div class="row">
          <div class="col-7">
            <InputField name="startDate" type="date" label={o.startDate} form={form} required />
          </div>
          <div class="col-5">
            <InputField name="startTime" type="time" label={o.startTime} form={form} required />
          </div>
          <div class="col-7">
            <InputField name="endDate" type="date" label={o.endDate} form={form} required />
          </div>
          <div class="col-5">
            <InputField name="endTime" type="time" label={o.endTime} form={form} required />
          </div>
        </div>
        <InputField name="reason" label={o.reason} form={form} maxlength={200} />
        <button type="submit" class="btn btn-primary btn-lg w-100">
          {o.submit}
        </button>
      </form>
    </>,
    status,
  );
}

const timeOffLabels = (t: Texts) => {
  const o = t.mediatorPages.timeOff;
  return { startDate: o.startDate, startTime: o.startTime, endDate: o.endDate, endTime: o.endTime, reason: o.reason };
};

export function timeOffForm(c: WebContext) {
  const day = dateInputValue(webCtx(c).clock.now());
  return timeOffPage(c, emptyForm({ startDate: day, startTime: '00:00', endDate: day, endTime: '23:59' }));
}

/** Records time off after a dry run; the bookings it would release are listed for confirmation first. */
export async function addTimeOffFromForm(c: WebContext) {
  const { t } = c.get('page');
  const o = t.mediatorPages.timeOff;
  const ctx = webCtx(c);
  const values = await formValues(c.req.parseBody());
  const start = romeInstant(values.startDate ?? '', values.startTime ?? '');
  const end = romeInstant(values.endDate ?? '', values.endTime ?? '');
  // Not a real moment: the date is at fault when it is not a date, else the time.
  const fault = (side: 'start' | 'end') =>
    DATE_PATTERN.test(values[`${side}Date`] ?? '') ? { [`${side}Time`]: t.errors.time } : { [`${side}Date`]: t.errors.date };
  const errors: Record<string, string> = { ...(start ? {} : fault('start')), ...(end ? {} : fault('end')) };
  if (start && end && Date.parse(end) <= Date.parse(start)) errors.endDate = o.endBeforeStart;
  if (!start || !end || Object.keys(errors).length > 0) return timeOffPage(c, { values, errors }, 422);
  const input = { start, end, ...(values.reason?.trim() ? { reason: values.reason.trim().slice(0, 200) } : {}) };
  try {
    if (values.confirmed !== '1') {
      const preview = await addTimeOff(ctx, selfId(c), input, true);
      if (preview.released.length > 0) {
        const { confirmed: _, ...fields } = values;
        return render(
          c,
          o.title,
          <>
            <h1>{o.title}</h1>
            <p class="fw-semibold">{formatRange(start, end, localeOf(t))}</p>
            {await ReleaseWarning({ c, released: preview.released, action: '/app/time-off', fields, back: '/app/time-off' })}
          </>,
        );
      }
    }
    const saved = await addTimeOff(ctx, selfId(c), input);
    return c.redirect(`/app/time-off?saved=1&released=${saved.released.length}`, 303);
  } catch (error) {
    if (error instanceof DomainError && error.status === 422) return timeOffPage(c, { values, errors: { endDate: o.tooLong } }, 422);
    throw error;
  }
}

export async function removeTimeOffFromForm(c: WebContext) {
  await removeTimeOff(webCtx(c), selfId(c), c.req.param('id') ?? '');
  return c.redirect('/app/time-off?removed=1', 303);
}
