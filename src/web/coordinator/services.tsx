import type { ZodError } from 'zod';
import { SERVICE_KINDS } from '../../domain/vocabulary.js';
import { ServiceCreate, ServicePatch } from '../../http/schemas/roster.js';
import { listAreas } from '../../operations/areas.js';
import { createBudget, listBudgets } from '../../operations/budgets.js';
import { createService, getService, listServices, type ServiceRow, updateService } from '../../operations/services.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, schemaErrors, SelectField } from '../forms.js';
import { addDays, formatDay, localeOf, romeDayStart } from '../format.js';
import { DataTable, Notice } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';

const serviceLabels = (t: Texts) => {
  const p = t.coordinatorPages.services;
  return { name: p.name, kind: p.kind, area: p.area, address: p.address, contactEmail: p.contactEmail, phone: p.phone };
};

/** The schema's refusals of a service form, with the e-mail message on the contact address. */
const serviceErrors = (error: ZodError, t: Texts) => schemaErrors(error, t, (f) => (f === 'contactEmail' ? t.errors.email : undefined));

function ServiceFields(props: { form: FormState; t: Texts; areas: Array<{ code: string; name: string }> }) {
  const { form, t } = props;
  const p = t.coordinatorPages.services;
  return (
    <>
      <div class="row">
        <div class="col-md-6">
          <InputField name="name" label={p.name} form={form} required maxlength={200} />
        </div>
        <div class="col-md-3">
          <SelectField name="kind" label={p.kind} form={form} options={SERVICE_KINDS.map((k) => ({ value: k, label: p.kinds[k] ?? k }))} />
        </div>
        <div class="col-md-3">
          <SelectField name="area" label={p.area} form={form} required placeholder={t.common.none} options={props.areas.map((a) => ({ value: a.code, label: a.name }))} />
        </div>
      </div>
      <div class="row">
        <div class="col-md-6">
          <InputField name="address" label={p.address} form={form} required maxlength={200} />
        </div>
        <div class="col-md-3">
          <InputField name="contactEmail" type="email" label={p.contactEmail} form={form} required />
        </div>
        <div class="col-md-3">
          <InputField name="phone" type="tel" label={p.phone} form={form} />
        </div>
      </div>
    </>
  );
}

/** Services (the desks that book) and their hours budgets. */
export function serviceRoutes() {
  const r = webRouter();

  const listPage = async (c: WebContext, form: FormState, status: 200 | 422 = 200) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.services;
    const ctx = webCtx(c);
    const [page, areas] = await Promise.all([listServices(ctx, { limit: 500 }), listAreas(ctx)]);
    const areaName = new Map(areas.map((a) => [a.code, a.name]));
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <DataTable headers={[p.name, p.kind, p.area, p.contactEmail, p.state]} class="table-sm align-middle" caption={p.title}>
          {page.items.map((s) => (
            <tr>
              <td>
                <a href={`/app/services/${s.id}`}>{s.name}</a>
              </td>
              <td>{p.kinds[s.kind] ?? s.kind}</td>
              <td>{areaName.get(s.areaCode) ?? s.areaCode}</td>
              <td>{s.contactEmail}</td>
              <td>{s.active ? p.active : <strong>{p.inactive}</strong>}</td>
            </tr>
          ))}
        </DataTable>
        <h2 class="h4 mt-4" id="new-service">
          {p.add}
        </h2>
        <ErrorSummary form={form} t={t} labels={serviceLabels(t)} />
        <form method="post" action="/app/services/new" novalidate>
          <ServiceFields form={form} t={t} areas={areas} />
          <button type="submit" class="btn btn-primary">
            {p.create}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/services', (c) => listPage(c, emptyForm({ kind: 'health' })));
  r.post('/app/services/new', async (c) => {
    const { t } = c.get('page');
    const values = await formValues(c.req.parseBody());
    const parsed = ServiceCreate.safeParse({ ...values, phone: values.phone || undefined });
    if (!parsed.success) return listPage(c, { values, errors: serviceErrors(parsed.error, t) }, 422);
    try {
      const s = await createService(webCtx(c), parsed.data);
      return c.redirect(`/app/services/${s.id}?saved=1`, 303);
    } catch (error) {
      const fields = domainFieldErrors(error, t);
      if (fields) return listPage(c, { values, errors: fields }, 422);
      throw error;
    }
  });

  const servicePage = async (c: WebContext, id: string, opts: { form?: FormState; budget?: FormState; status?: 200 | 422 } = {}) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.services;
    const ctx = webCtx(c);
    const [s, areas, budgets] = await Promise.all([getService(ctx, id), listAreas(ctx), listBudgets(ctx, id)]);
    const form = opts.form ?? formOf(s);
    const budget = opts.budget ?? emptyForm();
    const locale = localeOf(t);
    return render(
      c,
      s.name,
      <>
        <h1>{s.name}</h1>
        {c.req.query('saved') ? <Notice tone="success">{p.saved}</Notice> : null}
        <ErrorSummary form={form} t={t} labels={serviceLabels(t)} />
        <form method="post" action={`/app/services/${id}`} novalidate>
          <ServiceFields form={form} t={t} areas={areas} />
          <div class="form-check mb-3">
            <input class="form-check-input" type="checkbox" name="active" id="f-active" checked={form.values.active === 'on'} />
            <label class="form-check-label fw-semibold" for="f-active">
              {p.activeLabel}
            </label>
          </div>
          <button type="submit" class="btn btn-primary">
            {t.common.save}
          </button>
        </form>
        <section class="mt-5" aria-labelledby="budgets-title">
          <h2 id="budgets-title" class="h4">
            {p.budgets}
          </h2>
          {budgets.length === 0 ? (
            <p>{p.noBudgets}</p>
          ) : (
            <table class="table table-sm">
              <thead>
                <tr>
                  <th scope="col">{p.period}</th>
                  <th scope="col">{p.hours}</th>
                  <th scope="col">{p.note}</th>
                </tr>
              </thead>
              <tbody>
                {budgets.map((b) => (
                  <tr>
                    <td>
                      {formatDay(b.periodStart, locale)} – {formatDay(b.periodEnd - 1, locale)}
                    </td>
                    <td>{t.common.hours(b.minutes / 60)}</td>
                    <td>{b.note ?? t.common.none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3 class="h5">{p.addBudget}</h3>
          <ErrorSummary form={budget} t={t} labels={{ from: p.from, to: p.to, hours: p.hours }} />
          <form method="post" action={`/app/services/${id}/budgets`} novalidate>
            <div class="row">
              <div class="col-sm-3">
                <InputField name="from" type="date" label={p.from} form={budget} required />
              </div>
              <div class="col-sm-3">
                <InputField name="to" type="date" label={p.to} form={budget} required />
              </div>
              <div class="col-sm-2">
                <InputField name="hours" type="number" label={p.hours} form={budget} required min="0" step="1" inputmode="numeric" />
              </div>
              <div class="col-sm-4">
                <InputField name="note" label={p.note} form={budget} maxlength={200} />
              </div>
            </div>
            <button type="submit" class="btn btn-primary">
              {p.addBudget}
            </button>
          </form>
        </section>
      </>,
      opts.status ?? 200,
    );
  };

  r.get('/app/services/:id', (c) => servicePage(c, c.req.param('id')));
  r.post('/app/services/:id', async (c) => {
    const { t } = c.get('page');
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const parsed = ServicePatch.safeParse({
      name: values.name,
      kind: values.kind,
      area: values.area,
      address: values.address,
      contactEmail: values.contactEmail,
      phone: values.phone || null,
      active: values.active === 'on',
    });
    if (!parsed.success) return servicePage(c, id, { form: { values, errors: serviceErrors(parsed.error, t) }, status: 422 });
    try {
      await updateService(webCtx(c), id, parsed.data);
    } catch (error) {
      const fields = domainFieldErrors(error, t);
      if (fields) return servicePage(c, id, { form: { values, errors: fields }, status: 422 });
      throw error;
    }
    return c.redirect(`/app/services/${id}?saved=1`, 303);
  });

  r.post('/app/services/:id/budgets', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.services;
    const id = c.req.param('id');
    const values = await formValues(c.req.parseBody());
    const from = romeDayStart(values.from ?? '');
    const toDay = romeDayStart(values.to ?? '');
    const hours = Number((values.hours ?? '').replace(',', '.'));
    const errors: Record<string, string> = {};
    if (from === null) errors.from = t.errors.date;
    if (toDay === null) errors.to = t.errors.date;
    else if (from !== null && toDay < from) errors.to = p.toBeforeFrom;
    if (!values.hours || !Number.isFinite(hours) || hours < 0) errors.hours = t.errors.invalid;
    if (Object.keys(errors).length > 0 || from === null || toDay === null) return servicePage(c, id, { budget: { values, errors }, status: 422 });
    // The last day is included: the budget runs to the next midnight.
    await createBudget(webCtx(c), id, { from, to: addDays(toDay, 1), minutes: Math.round(hours * 60), ...(values.note ? { note: values.note.slice(0, 200) } : {}) });
    return c.redirect(`/app/services/${id}?saved=1#budgets-title`, 303);
  });

  return r;
}

function formOf(s: ServiceRow): FormState {
  return emptyForm({ name: s.name, kind: s.kind, area: s.areaCode, address: s.address, contactEmail: s.contactEmail, phone: s.phone ?? '', active: s.active ? 'on' : '' });
}
