import { WEBHOOK_EVENTS } from '../../domain/webhook-target.js';
import { WebhookCreate } from '../../http/schemas/webhooks.js';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, type WebhookRow } from '../../operations/webhooks.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, ErrorSummary, type FormState, InputField, schemaErrors } from '../forms.js';
import { formatStamp } from '../format.js';
import { DataTable, Facts, Notice } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';
import { Checks, many, one } from './mediator-form.js';
import { DELIVERIES_PER_PAGE, DeliveriesSection, deliveryRoutes } from './webhook-deliveries.js';

/** The subscription form: what was typed, the events ticked, and the message beside each field at fault. */
interface WebhookForm extends FormState {
  events: string[];
}

const blankForm = (): WebhookForm => ({ values: {}, errors: {}, events: [] });

/** A webhook's events in the reader's words, in the order the list of events gives them. */
function eventWords(events: readonly string[], t: Texts): string {
  return WEBHOOK_EVENTS.filter((e) => events.includes(e))
    .map((e) => t.webhookPages.eventNames[e] ?? e)
    .join(', ');
}

const eventsOf = (w: WebhookRow) => JSON.parse(w.events) as string[];

/** Webhooks: the list with the subscription form, the secret shown once, a webhook with its deliveries, delete after a confirmation. */
export function webhookRoutes() {
  const r = webRouter();

  const listPage = async (c: WebContext, form: WebhookForm, status: 200 | 422 = 200) => {
    const { t } = c.get('page');
    const p = t.webhookPages;
    const hooks = await listWebhooks(webCtx(c));
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        <p>{p.intro}</p>
        {c.req.query('done') === 'deleted' ? <Notice tone="success">{p.removed}</Notice> : null}
        {hooks.length === 0 ? (
          <p>{p.empty}</p>
        ) : (
          <DataTable headers={[p.url, p.events, p.created, p.state, p.actions]} class="table-sm align-middle" caption={p.title}>
            {hooks.map((w) => (
              <tr>
                <td class="text-break">
                  <a href={`/app/webhooks/${w.id}`}>{w.url}</a>
                  {w.description ? <span class="d-block small">{w.description}</span> : null}
                </td>
                <td>{eventWords(eventsOf(w), t)}</td>
                <td class="nowrap">{formatStamp(w.createdAt)}</td>
                <td>{p.active}</td>
                <td>
                  <a class="btn btn-sm btn-outline-danger" href={`/app/webhooks/${w.id}/delete`} aria-label={p.removeFor(w.url)}>
                    {p.remove}
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 class="h4 mt-4" id="new-webhook">
          {p.add}
        </h2>
        <ErrorSummary form={form} t={t} labels={{ url: p.url, events: p.events, description: p.description }} />
        <form method="post" action="/app/webhooks/new" novalidate>
          <InputField name="url" type="url" label={p.url} form={form} hint={p.urlHint} required maxlength={2000} autocomplete="off" />
          <Checks name="events" legend={p.events} options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: p.eventNames[e] ?? e }))} checked={form.events} error={form.errors.events} />
          <InputField name="description" label={p.description} form={form} hint={p.descriptionHint} maxlength={200} />
          <button type="submit" class="btn btn-primary">
            {p.create}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/webhooks', (c) => listPage(c, blankForm()));

  r.post('/app/webhooks/new', async (c) => {
    const { t } = c.get('page');
    const p = t.webhookPages;
    const body = await c.req.parseBody({ all: true });
    const form: WebhookForm = { values: { url: one(body, 'url'), description: one(body, 'description') }, errors: {}, events: many(body, 'events') };
    const parsed = WebhookCreate.safeParse({ url: form.values.url, events: form.events, description: form.values.description || undefined });
    if (!parsed.success) {
      const errors = schemaErrors(parsed.error, t, (field, code) =>
        field === 'url' && code !== 'too_big' ? (form.values.url ? p.urlInvalid : t.errors.required) : field === 'events' ? p.eventsNeeded : undefined,
      );
      return listPage(c, { ...form, errors }, 422);
    }
    let created: WebhookRow;
    try {
      created = await createWebhook(webCtx(c), parsed.data);
    } catch (error) {
      const fields = domainFieldErrors(error, t, { webhook_target_refused: p.targetRefused });
      if (fields) return listPage(c, { ...form, errors: fields }, 422);
      throw error;
    }
    // The secret exists only in this answer (the page is never cached): no redirect, no URL carries it.
    return render(
      c,
      p.createdTitle,
      <>
        <h1>{p.createdTitle}</h1>
        <Facts
          rows={[
            [p.url, <span class="text-break">{created.url}</span>],
            [p.events, eventWords(eventsOf(created), t)],
          ]}
        />
        <Notice tone="warning" title={p.secretOnce}>
          <p>{p.secretExplain}</p>
          <p class="fw-semibold mb-1">{p.secretLabel}</p>
          <p class="token-once mb-0" id="new-secret">
            {created.secret}
          </p>
        </Notice>
        <p class="d-flex flex-wrap gap-3 mt-3">
          <a href={`/app/webhooks/${created.id}`}>{p.open}</a>
          <a href="/app/webhooks">{p.back}</a>
        </p>
      </>,
    );
  });

  r.get('/app/webhooks/:id', async (c) => {
    const { t } = c.get('page');
    const p = t.webhookPages;
    const ctx = webCtx(c);
    const cursor = c.req.query('cursor');
    const w = await getWebhook(ctx, c.req.param('id'));
    const deliveries = await listDeliveries(ctx, w.id, { limit: DELIVERIES_PER_PAGE, ...(cursor ? { cursor } : {}) });
    const title = `${p.title}: ${w.url}`;
    return render(
      c,
      title,
      <>
        <h1 class="text-break">{title}</h1>
        {c.req.query('done') === 'replayed' ? <Notice tone="success">{p.replayed}</Notice> : null}
        <Facts
          rows={[
            [p.url, <span class="text-break">{w.url}</span>],
            [p.events, eventWords(eventsOf(w), t)],
            [p.description, w.description ?? t.common.none],
            [p.created, formatStamp(w.createdAt)],
            [p.state, p.active],
          ]}
        />
        <p class="d-flex flex-wrap gap-3">
          <a class="btn btn-outline-danger" href={`/app/webhooks/${w.id}/delete`}>
            {p.remove}
          </a>
          <a class="btn btn-outline-primary" href="/app/webhooks">
            {p.back}
          </a>
        </p>
        <DeliveriesSection t={t} webhookId={w.id} page={deliveries} paged={Boolean(cursor)} />
      </>,
    );
  });

  // Deleting asks first; the second step is the POST.
  r.get('/app/webhooks/:id/delete', async (c) => {
    const { t } = c.get('page');
    const p = t.webhookPages;
    const w = await getWebhook(webCtx(c), c.req.param('id'));
    return render(
      c,
      p.removeTitle,
      <>
        <h1>{p.removeTitle}</h1>
        <Facts
          rows={[
            [p.url, <span class="text-break">{w.url}</span>],
            [p.events, eventWords(eventsOf(w), t)],
          ]}
        />
        <Notice tone="warning">
          <p class="mb-0">{p.removeExplain}</p>
        </Notice>
        <form method="post" action={`/app/webhooks/${w.id}/delete`} class="d-flex flex-wrap gap-2">
          <button type="submit" class="btn btn-danger">
            {p.removeConfirm}
          </button>
          <a class="btn btn-outline-primary" href={`/app/webhooks/${w.id}`}>
            {p.keep}
          </a>
        </form>
      </>,
    );
  });

  r.post('/app/webhooks/:id/delete', async (c) => {
    await deleteWebhook(webCtx(c), c.req.param('id'));
    return c.redirect('/app/webhooks?done=deleted', 303);
  });

  r.route('/', deliveryRoutes());
  return r;
}
