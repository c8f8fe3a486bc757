import type { Child } from 'hono/jsx';
import type { MediatorRecord } from '../../../db/repositories/mediators.js';
import { GENDERS, LEVELS, MODALITIES, SECTORS } from '../../domain/vocabulary.js';
import { MediatorCreate, MediatorPatch, TimeOffCreate, WeeklyRule } from '../../http/schemas/roster.js';
import { listAreas } from '../../operations/areas.js';
import { listLanguages } from '../../operations/languages.js';
import { addTimeOff, createMediator, getMediator, listMediators, listTimeOff, removeTimeOff, setAvailability, updateMediator } from '../../operations/mediators.js';
import type { Released } from '../../operations/release.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, InputField, SelectField } from '../forms.js';
import { formatRange, iso, languageName, localeOf, romeInstant } from '../format.js';
import { DataTable, Notice } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';
import { Checks, formOfMediator, LANGUAGE_ROWS, labelsOf, type MediatorForm, mediatorErrors, nextDay, one, RULE_ROWS, ReleaseWarning, readMediatorForm, ruleForm } from './mediator-form.js';

export function mediatorRoutes() {
  const r = webRouter();

  r.get('/app/mediators', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.mediators;
    const ctx = webCtx(c);
    const locale = localeOf(t);
    const [areas, languages] = await Promise.all([listAreas(ctx), listLanguages(ctx, locale)]);
    const language = languages.some((l) => l.code === c.req.query('language')) ? (c.req.query('language') ?? '') : '';
    const area = areas.some((a) => a.code === c.req.query('area')) ? (c.req.query('area') ?? '') : '';
    const page = await listMediators(ctx, { limit: 500, ...(language ? { language } : {}), ...(area ? { area } : {}) });
    const areaName = new Map(areas.map((a) => [a.code, a.name]));
    const filter = emptyForm({ language, area });
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <p class="d-flex flex-wrap gap-2">
          <a class="btn btn-success" href="/app/mediators/new">
            {p.add}
          </a>
          <a class="btn btn-outline-primary" href="/app/imports">
            {t.importPages.link}
          </a>
        </p>
        {c.req.query('saved') ? <Notice tone="success">{p.saved}</Notice> : null}
        <form method="get" action="/app/mediators" class="row g-2 align-items-end mb-2">
          <div class="col-md-4">
            <SelectField name="language" label={p.language} form={filter} placeholder={t.common.all} options={languages.filter((l) => l.inRoster).map((l) => ({ value: l.code, label: l.name }))} />
          </div>
          <div class="col-md-3">
            <SelectField name="area" label={p.areaServed} form={filter} placeholder={t.common.all} options={areas.map((a) => ({ value: a.code, label: a.name }))} />
          </div>
          <div class="col-md-2 mb-3">
            <button type="submit" class="btn btn-primary">
              {t.common.filter}
            </button>
          </div>
        </form>
        <p>{p.count(page.items.length)}</p>
        <DataTable headers={[p.name, p.languages, p.areas, p.modalities, p.maxWeeklyHours, p.state]} class="table-sm align-middle" caption={p.title}>
          {page.items.map((m) => (
            <tr>
              <td>
                <a href={`/app/mediators/${m.id}`}>{m.name}</a>
              </td>
              <td>{m.languages.map((l) => `${languageName(l.code, locale)} (${l.level === 'native' ? p.native : l.level})`).join(', ')}</td>
              <td>{m.areas.map((a) => areaName.get(a) ?? a).join(', ')}</td>
              <td>{m.modalities.map((x) => t.modality[x as keyof Texts['modality']]).join(', ')}</td>
              <td>{t.common.hours(m.maxWeeklyMinutes / 60)}</td>
              <td>{m.active ? p.active : <strong>{p.inactive}</strong>}</td>
            </tr>
          ))}
        </DataTable>
      </>,
    );
  });

  const formPage = async (c: WebContext, opts: { mediator?: MediatorRecord; form: MediatorForm; status?: 200 | 409 | 422; released?: Released[] | undefined; notice?: string | undefined; extra?: Child }) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.mediators;
    const ctx = webCtx(c);
    const locale = localeOf(t);
    const [areas, languages] = await Promise.all([listAreas(ctx), listLanguages(ctx, locale)]);
    const { form, mediator } = opts;
    const title = mediator ? p.editTitle(mediator.name) : p.newTitle;
    const langOptions = languages.map((l) => ({ value: l.code, label: l.name }));
    const areaOptions = areas.map((a) => ({ value: a.code, label: a.name }));
    return render(
      c,
      title,
      <>
        <h1>{title}</h1>
        {opts.notice ? <Notice tone="success">{opts.notice}</Notice> : null}
        <ErrorSummary form={form} t={t} labels={labelsOf(t)} />
        <form method="post" action={mediator ? `/app/mediators/${mediator.id}` : '/app/mediators/new'} novalidate>
          {opts.released && opts.released.length > 0 ? <ReleaseWarning released={opts.released} t={t} confirmLabel={p.saveAnyway} /> : null}
          <div class="row">
            <div class="col-md-4">
              <InputField name="name" label={p.name} form={form} required maxlength={200} />
            </div>
            <div class="col-md-4">
              <InputField name="email" type="email" label={p.email} form={form} required autocomplete="off" />
            </div>
            <div class="col-md-4">
              <InputField name="phone" type="tel" label={p.phone} form={form} />
            </div>
          </div>
          <fieldset class="mb-3">
            <legend class="form-label fw-semibold fs-6">{p.languages}</legend>
            {Array.from({ length: Math.max(LANGUAGE_ROWS, (mediator?.languages.length ?? 0) + 1) }, (_, i) => (
              <div class="row">
                <div class="col-md-6">
                  <SelectField name={`languages.${i}.code`} label={`${p.language} ${i + 1}`} form={form} placeholder={t.common.none} options={langOptions} />
                </div>
                <div class="col-md-3">
                  <SelectField name={`languages.${i}.level`} label={`${p.level} ${i + 1}`} form={form} options={LEVELS.map((l) => ({ value: l, label: l === 'native' ? p.native : l }))} />
                </div>
              </div>
            ))}
          </fieldset>
          <Checks name="areas" legend={p.areas} options={areaOptions} checked={form.lists.areas} error={form.errors.areas} />
          <div class="row">
            <div class="col-md-4">
              <SelectField name="homeArea" label={p.homeArea} form={form} placeholder={p.firstArea} options={areaOptions} />
            </div>
            <div class="col-md-4">
              <SelectField name="gender" label={p.gender} form={form} placeholder={t.common.none} options={GENDERS.map((g) => ({ value: g, label: t.gender[g] }))} />
            </div>
            <div class="col-md-4">
              <SelectField name="locale" label={p.locale} form={form} options={[{ value: 'it', label: 'italiano' }, { value: 'en', label: 'English' }]} />
            </div>
          </div>
          <Checks name="modalities" legend={p.modalities} options={MODALITIES.map((m) => ({ value: m, label: t.modality[m] }))} checked={form.lists.modalities} error={form.errors.modalities} />
          <Checks name="sectors" legend={p.sectors} options={SECTORS.map((s) => ({ value: s, label: t.sector[s] }))} checked={form.lists.sectors} error={form.errors.sectors} />
          <div class="row">
            <div class="col-md-4">
              <InputField name="maxWeeklyHours" type="number" label={p.maxWeeklyHours} form={form} min="0" max="168" step="0.5" inputmode="numeric" />
            </div>
            <div class="col-md-4 d-flex align-items-center">
              <div class="form-check">
                <input class="form-check-input" type="checkbox" name="active" id="f-active" checked={form.values.active === 'on'} />
                <label class="form-check-label fw-semibold" for="f-active">
                  {p.activeLabel}
                </label>
              </div>
            </div>
          </div>
          <button type="submit" class="btn btn-primary">
            {mediator ? t.common.save : p.create}
          </button>
        </form>
        {opts.extra}
      </>,
      opts.status ?? 200,
    );
  };

  r.get('/app/mediators/new', (c) => {
    const language = c.req.query('language') ?? '';
    const area = c.req.query('area') ?? '';
    return formPage(c, {
      form: {
        values: { 'languages.0.code': language, 'languages.0.level': 'native', homeArea: area, maxWeeklyHours: '40', active: 'on', locale: 'it' },
        errors: {},
        lists: { areas: area ? [area] : [], modalities: ['in_person', 'phone', 'video'], sectors: [] },
      },
    });
  });

  r.post('/app/mediators/new', async (c) => {
    const { t } = c.get('page');
    const { form, input } = readMediatorForm(await c.req.parseBody({ all: true }));
    const parsed = MediatorCreate.safeParse(input);
    if (!parsed.success) return formPage(c, { form: { ...form, errors: mediatorErrors(parsed.error.issues, t) }, status: 422 });
    try {
      const m = await createMediator(webCtx(c), parsed.data);
      return c.redirect(`/app/mediators/${m.id}?created=1`, 303);
    } catch (error) {
      const fields = domainFieldErrors(error, t, { unknown_language: t.errors.unknownLanguage });
      if (fields) return formPage(c, { form: { ...form, errors: fields }, status: 422 });
      throw error;
    }
  });

  const editPage = async (c: WebContext, id: string, opts: { form?: MediatorForm; status?: 200 | 422; released?: Released[]; notice?: string; availability?: { form: FormState; released?: Released[] }; timeOff?: { form: FormState; released?: Released[] } } = {}) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.mediators;
    const ctx = webCtx(c);
    const m = await getMediator(ctx, id);
    const offs = await listTimeOff(ctx, id, { limit: 100 });
    const locale = localeOf(t);
    const rules = opts.availability?.form ?? ruleForm(m);
    const off = opts.timeOff?.form ?? emptyForm();
    const extra = (
      <>
        <section class="mt-5" aria-labelledby="availability-title">
          <h2 id="availability-title" class="h4">
            {p.availability}
          </h2>
          <p>{p.availabilityIntro}</p>
          <ErrorSummary form={rules} t={t} labels={{}} />
          <form method="post" action={`/app/mediators/${id}/availability`} novalidate>
            {opts.availability?.released && opts.availability.released.length > 0 ? <ReleaseWarning released={opts.availability.released} t={t} confirmLabel={p.saveAnyway} /> : null}
            {Array.from({ length: Math.max(RULE_ROWS, m.availability.length + 2) }, (_, i) => (
              <div class="row">
                <div class="col-sm-4">
                  <SelectField name={`rules.${i}.weekday`} label={`${p.weekday} ${i + 1}`} form={rules} placeholder={t.common.none} options={p.weekdays.map((d, k) => ({ value: String(k + 1), label: d }))} />
                </div>
                <div class="col-sm-4">
                  <InputField name={`rules.${i}.start`} type="time" label={`${p.from} ${i + 1}`} form={rules} />
                </div>
                <div class="col-sm-4">
                  <InputField name={`rules.${i}.end`} type="time" label={`${p.to} ${i + 1}`} form={rules} />
                </div>
              </div>
            ))}
            <button type="submit" class="btn btn-primary">
              {p.saveAvailability}
            </button>
          </form>
        </section>
        <section class="mt-5" aria-labelledby="time-off-title">
          <h2 id="time-off-title" class="h4">
            {p.timeOff}
          </h2>
          {offs.items.length === 0 ? (
            <p>{p.noTimeOff}</p>
          ) : (
            <ul class="list-unstyled">
              {offs.items.map((o) => (
                <li class="d-flex flex-wrap align-items-center gap-2 mb-2">
                  <span>
                    {formatRange(iso(o.startsAt), iso(o.endsAt), locale)}
                    {o.reason ? ` · ${o.reason}` : ''}
                  </span>
                  <form method="post" action={`/app/mediators/${id}/time-off/${o.id}/remove`} class="m-0">
                    <button type="submit" class="btn btn-sm btn-outline-danger" aria-label={`${p.removeTimeOff}: ${formatRange(iso(o.startsAt), iso(o.endsAt), locale)}`}>
                      {p.removeTimeOff}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <h3 class="h5">{p.addTimeOff}</h3>
          <ErrorSummary form={off} t={t} labels={{ startDate: p.startDate, endDate: p.endDate }} />
          <form method="post" action={`/app/mediators/${id}/time-off`} novalidate>
            {opts.timeOff?.released && opts.timeOff.released.length > 0 ? <ReleaseWarning released={opts.timeOff.released} t={t} confirmLabel={p.saveAnyway} /> : null}
            <div class="row">
              <div class="col-sm-3">
                <InputField name="startDate" type="date" label={p.startDate} form={off} required />
              </div>
              <div class="col-sm-3">
                <InputField name="startTime" type="time" label={p.startTime} form={off} />
              </div>
              <div class="col-sm-3">
                <InputField name="endDate" type="date" label={p.endDate} form={off} required />
              </div>
              <div class="col-sm-3">
                <InputField name="endTime" type="time" label={p.endTime} form={off} />
              </div>
            </div>
            <InputField name="reason" label={p.reason} form={off} maxlength={200} />
            <button type="submit" class="btn btn-primary">
              {p.addTimeOff}
            </button>
          </form>
        </section>
      </>
    );
    const notice = opts.notice ?? (c.req.query('created') ? p.created : c.req.query('saved') ? p.saved : undefined);
    return formPage(c, {
      mediator: m,
      form: opts.form ?? formOfMediator(m),
      status: opts.status ?? 200,
      released: opts.released,
      notice,
      extra,
    });
  };

  r.get('/app/mediators/:id', (c) => editPage(c, c.req.param('id')));

  r.post('/app/mediators/:id', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    const { form, input } = readMediatorForm(body);
    const parsed = MediatorPatch.safeParse(input);
    if (!parsed.success) return editPage(c, id, { form: { ...form, errors: mediatorErrors(parsed.error.issues, t) }, status: 422 });
    const ctx = webCtx(c);
    try {
      if (one(body, 'confirm') !== '1') {
        const { released } = await updateMediator(ctx, id, parsed.data, true);
        if (released.length > 0) return editPage(c, id, { form, released });
      }
      await updateMediator(ctx, id, parsed.data);
    } catch (error) {
      const fields = domainFieldErrors(error, t, { unknown_language: t.errors.unknownLanguage });
      if (fields) return editPage(c, id, { form: { ...form, errors: fields }, status: 422 });
      throw error;
    }
    return c.redirect(`/app/mediators/${id}?saved=1`, 303);
  });

  r.post('/app/mediators/:id/availability', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.mediators;
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    const values: Record<string, string> = {};
    const errors: Record<string, string> = {};
    const rules: Array<{ weekday: number; start: string; end: string }> = [];
    // Every row the form sent (it shows as many as the mediator has, plus two empty ones): none is dropped.
    const rows = [...new Set(Object.keys(body).flatMap((k) => /^rules\.(\d+)\./.exec(k)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
    for (const i of rows) {
      const weekday = one(body, `rules.${i}.weekday`);
      const start = one(body, `rules.${i}.start`);
      const end = one(body, `rules.${i}.end`);
      Object.assign(values, { [`rules.${i}.weekday`]: weekday, [`rules.${i}.start`]: start, [`rules.${i}.end`]: end });
      if (!weekday && !start && !end) continue;
      const rule = { weekday: Number(weekday), start, end: end === '00:00' ? '24:00' : end };
      if (!WeeklyRule.safeParse(rule).success || rule.end <= rule.start) errors[`rules.${i}.end`] = p.badRule;
      else rules.push(rule);
    }
    const form = { values, errors };
    if (Object.keys(errors).length > 0) return editPage(c, id, { availability: { form }, status: 422 });
    const ctx = webCtx(c);
    try {
      if (one(body, 'confirm') !== '1') {
        const { released } = await setAvailability(ctx, id, rules, true);
        if (released.length > 0) return editPage(c, id, { availability: { form, released } });
      }
      await setAvailability(ctx, id, rules);
    } catch (error) {
      const fields = domainFieldErrors(error, t);
      if (fields) return editPage(c, id, { availability: { form: { values, errors: { 'rules.0.end': p.badRule } } }, status: 422 });
      throw error;
    }
    return c.redirect(`/app/mediators/${id}?saved=1#availability-title`, 303);
  });

  r.post('/app/mediators/:id/time-off', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.mediators;
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    const values = Object.fromEntries(['startDate', 'startTime', 'endDate', 'endTime', 'reason'].map((k) => [k, one(body, k)]));
    const start = romeInstant(values.startDate ?? '', values.startTime || '00:00');
    const endDay = values.endTime ? values.endDate : nextDay(values.endDate ?? '');
    const end = romeInstant(endDay ?? '', values.endTime || '00:00');
    const errors: Record<string, string> = {};
    if (!start) errors.startDate = t.errors.date;
    if (!end) errors.endDate = t.errors.date;
    else if (start && Date.parse(end) <= Date.parse(start)) errors.endDate = p.endBeforeStart;
    const parsed = TimeOffCreate.safeParse({ start, end, ...(values.reason ? { reason: values.reason } : {}) });
    if (Object.keys(errors).length > 0 || !parsed.success) return editPage(c, id, { timeOff: { form: { values, errors: Object.keys(errors).length > 0 ? errors : { startDate: t.errors.invalid } } }, status: 422 });
    const ctx = webCtx(c);
    if (one(body, 'confirm') !== '1') {
      const { released } = await addTimeOff(ctx, id, parsed.data, true);
      if (released.length > 0) return editPage(c, id, { timeOff: { form: { values, errors: {} }, released } });
    }
    await addTimeOff(ctx, id, parsed.data);
    return c.redirect(`/app/mediators/${id}?saved=1#time-off-title`, 303);
  });

  r.post('/app/mediators/:id/time-off/:offId/remove', async (c) => {
    const id = c.req.param('id');
    await removeTimeOff(webCtx(c), id, c.req.param('offId'));
    return c.redirect(`/app/mediators/${id}?saved=1#time-off-title`, 303);
  });

  return r;
}
