import { DateTime } from 'luxon';
import { z } from 'zod';
import { NOTIFY_BY } from '../../domain/vocabulary.js';
import { Email, Phone } from '../../http/schemas/common.js';
import { mediatorSessions } from '../../operations/mediator-agenda.js';
import { getMediator, updateMediator } from '../../operations/mediators.js';
import { endAllSessions } from '../../operations/sign-in.js';
import { clearSessionCookie, type WebContext, webCtx } from '../env.js';
import { emptyForm, ErrorSummary, type FormState, formValues, InputField, RadioGroup, schemaErrors } from '../forms.js';
import { formatWhen, localeOf, WEB_ZONE } from '../format.js';
import { Notice } from '../layout.js';
import { render } from '../render.js';

// ---- Hours, month by month -----------------------------------------------------------------

/** The month's sessions, one line each (settled: billable minutes; others: where the sheets stand), and the month's total. */
export async function hoursPage(c: WebContext) {
  const { t } = c.get('page');
  const h = t.mediatorPages.hours;
  const ctx = webCtx(c);
  const asked = c.req.query('month') ?? '';
  const parsed = /^\d{4}-\d{2}$/.test(asked) ? DateTime.fromISO(`${asked}-01`, { zone: WEB_ZONE }) : null;
  const start = (parsed?.isValid ? parsed : DateTime.fromMillis(ctx.clock.now(), { zone: WEB_ZONE })).startOf('month');
  const sessions = await mediatorSessions(ctx, start.toMillis(), start.plus({ months: 1 }).toMillis());
  const total = sessions.reduce((sum, s) => sum + (s.settlement?.billableMinutes ?? 0), 0);
  const monthName = start.setLocale(localeOf(t)).toFormat('LLLL yyyy');
  const link = (m: DateTime) => `/app/hours?month=${m.toFormat('yyyy-MM')}`;
  return render(
    c,
    h.title,
    <>
      <h1>{h.title}</h1>
      <nav class="d-flex flex-wrap gap-2 mb-3" aria-label={h.month}>
        <a class="btn btn-outline-primary" href={link(start.minus({ months: 1 }))}>
          ← {h.previous}
        </a>
        <a class="btn btn-outline-primary" href={link(start.plus({ months: 1 }))}>
          {h.next} →
        </a>
      </nav>
      <form method="get" action="/app/hours" class="mb-3">
        <InputField name="month" type="month" label={h.month} form={emptyForm({ month: start.toFormat('yyyy-MM') })} />
        <button type="submit" class="btn btn-primary">
          {h.show}
        </button>
      </form>
      <h2 class="h4">{h.caption(monthName)}</h2>
      {sessions.length === 0 ? (
        <p>{h.empty}</p>
      ) : (
        <ul class="list-group mb-3 sessions">
          {sessions.map((s) => (
            <li class="list-group-item">
              <span class="fw-semibold d-block">{formatWhen(s.appointment.startsAt, localeOf(t))}</span>
              <span class="d-block">{s.desk?.name ?? ''}</span>
              <span class="d-block">
                {s.settlement
                  ? `${t.mediatorPages.attendance.outcomeLabels[s.settlement.outcome] ?? s.settlement.outcome} · ${t.common.minutes(s.settlement.billableMinutes)}`
                  : `${h.pending}: ${h.state[s.state] ?? s.state}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p class="fs-5 fw-semibold" id="hours-total">
        {h.total}: {t.common.hours(total / 60)} ({t.common.minutes(total)})
      </p>
    </>,
  );
}

// ---- Profile -------------------------------------------------------------------------------

const ProfileInput = z.object({
  phone: z.union([z.literal(''), Phone]),
  email: Email,
  locale: z.enum(['it', 'en']),
  notifyBy: z.enum(NOTIFY_BY).optional(),
});

async function profilePage(c: WebContext, form?: FormState, status: 200 | 422 = 200) {
  const { t } = c.get('page');
  const p = t.mediatorPages.profile;
  const ctx = webCtx(c);
  const me = await getMediator(ctx, ctx.actor.mediatorId ?? '');
  const shown = form ?? emptyForm({ phone: me.phone ?? '', email: me.email, locale: me.locale, notifyBy: me.notifyBy });
  return render(
    c,
    p.title,
    <>
      <h1>{p.title}</h1>
      {c.req.query('saved') === '1' ? <Notice tone="success">{p.saved}</Notice> : null}
      <p>{p.intro}</p>
      <ErrorSummary form={shown} t={t} labels={{ phone: p.phone, email: p.email, locale: p.locale }} />
      <form method="post" action="/app/profile" novalidate class="big-choices">
        <InputField name="phone" type="tel" label={p.phone} form={shown} autocomplete="tel" inputmode="tel" maxlength={25} />
        <InputField name="email" type="email" label={p.email} hint={p.emailHint} form={shown} autocomplete="email" inputmode="email" required maxlength={254} />
        <RadioGroup name="locale" label={p.locale} form={shown} options={['it', 'en'].map((l) => ({ value: l, label: p.locales[l] ?? l }))} />
        <RadioGroup name="notifyBy" label={p.notifyBy} form={shown} options={NOTIFY_BY.map((v) => ({ value: v, label: p.notifyByOptions[v] ?? v }))} />
        <button type="submit" class="btn btn-primary btn-lg w-100">
          {p.save}
        </button>
      </form>
      <section class="mt-5" aria-labelledby="sessions-title">
        <h2 id="sessions-title" class="h4">
          {p.sessionsTitle}
        </h2>
        <p>{p.sessionsIntro}</p>
        <form method="post" action="/app/profile/sign-out-everywhere">
          <button type="submit" class="btn btn-outline-danger btn-lg w-100">
            {p.endAll}
          </button>
        </form>
      </section>
    </>,
    status,
  );
}

export const profileForm = (c: WebContext) => profilePage(c);

export async function saveProfile(c: WebContext) {
  const { t } = c.get('page');
  const p = t.mediatorPages.profile;
  const ctx = webCtx(c);
  const values = await formValues(c.req.parseBody());
  const input = { phone: values.phone?.trim() ?? '', email: values.email?.trim() ?? '', locale: values.locale ?? '', notifyBy: values.notifyBy || undefined };
  const parsed = ProfileInput.safeParse(input);
  if (!parsed.success) {
    const errors = schemaErrors(parsed.error, t, (field) => (field === 'phone' ? p.phoneInvalid : field === 'email' ? t.errors.email : t.errors.required));
    return profilePage(c, { values, errors }, 422);
  }
  await updateMediator(ctx, ctx.actor.mediatorId ?? '', { phone: parsed.data.phone || null, email: parsed.data.email, locale: parsed.data.locale, ...(parsed.data.notifyBy ? { notifyBy: parsed.data.notifyBy } : {}) });
  return c.redirect('/app/profile?saved=1', 303);
}

/** Ends every session of the mediator (a lost phone, a shared computer), this one included. */
export async function signOutEverywhere(c: WebContext) {
  await endAllSessions(webCtx(c));
  clearSessionCookie(c);
  return c.redirect('/app/login?signedOut=1', 303);
}
