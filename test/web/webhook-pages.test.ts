import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';
import { getPage, pageSession, postPage } from '../support/page-session.js';
import { type Received, type Receiver, startReceiver } from '../support/receiver.js';


/**
 * The coordinator's webhook pages, against a receiver on 127.0.0.1 (allowed by WEBHOOK_ALLOW_PRIVATE,
 * as in test/integration/webhooks.test.ts). Harness time: Friday 20 March 2026, 09:00 in Rome.
 */
let h: Harness;
let receiver: Receiver;
let receiverUrl: string;
let received: Received[];

beforeEach(async () => {
  h = await makeHarness({ config: { webhooks: { allowPrivate: true, maxAttempts: 3, timeoutMs: 2000 } } });
  receiver = await startReceiver('/hooks/asl');
  receiverUrl = receiver.url;
  received = receiver.received;
});
afterEach(async () => {
  await receiver.close();
  h.close();
});

async function coordinatorSession(harness: Harness = h): Promise<string> {
  await harness.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
  return pageSession(harness, 'coord@regione.example.it');
}

const get = (path: string, session: string, harness: Harness = h) => getPage(harness, path, session);
const post = (path: string, session: string, fields: Record<string, string | string[]>, harness: Harness = h) => postPage(harness, path, session, fields);

/** Subscribes through the page; answers the webhook's id and the secret the page showed. */
async function subscribe(session: string, events = ['appointment.booked']): Promise<{ id: string; secret: string; html: string }> {
  const res = await post('/app/webhooks/new', session, { url: receiverUrl, events, description: 'Gestionale ASL' });
  expect(res.status).toBe(200);
  const html = await res.text();
  const secret = /id="new-secret">\s*(whsec_[A-Za-z0-9+/=]+)/.exec(html)?.[1] ?? '';
  const id = /href="\/app\/webhooks\/(whk_[A-Za-z0-9]+)"/.exec(html)?.[1] ?? '';
  return { id, secret, html };
}

/** Text without tags, spaces collapsed: what a person reads. */
const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Standard Webhooks signature of a received request, computed from the secret alone. */
const signs = (secret: string, r: Received) =>
  String(r.headers['webhook-signature']) ===
  `v1,${createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64')}`;

describe('subscribing a URL', () => {
  it('shows the secret once with the warning to copy it now, then lists the webhook in Italian words but never the secret', async () => {
    const session = await coordinatorSession();
    const page = await get('/app/webhooks', session);
    expect(page.status).toBe(200);
    const empty = await page.text();
    expect(empty).toContain('Nessun webhook attivo.');
    expect(empty).toMatch(/<a class="nav-link[^"]*" href="\/app\/webhooks" aria-current="page">\s*Webhook\s*<\/a>/);
    expect(empty).toContain('<input class="form-check-input" type="checkbox" name="events"');

    const res = await post('/app/webhooks/new', session, { url: receiverUrl, events: ['appointment.booked', 'appointment.cancelled'], description: 'Gestionale ASL' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const created = await res.text();
    expect(created).toContain('Copi ora il segreto: non verrà più mostrato');
    const secret = /id="new-secret">\s*(whsec_[A-Za-z0-9+/=]+)/.exec(created)?.[1] ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const [hook] = (await h.expectStatus(h.call('GET', '/v1/webhooks'), 200)).items;
    expect(hook).toMatchObject({ url: receiverUrl, events: ['appointment.booked', 'appointment.cancelled'], description: 'Gestionale ASL' });

    const reload = await get('/app/webhooks', session);
    const list = words(await reload.text());
    expect(list).not.toContain(secret);
    expect(list).toContain(receiverUrl);
    expect(list).toContain('appuntamento prenotato, appuntamento annullato');
    expect(list).toContain('20/03/2026 09:00');
    expect(list).toContain('attivo');
    expect(words(await (await get(`/app/webhooks/${hook.id}`, session)).text())).not.toContain(secret);
  });

  it('refuses a loopback, private or plain-http target with the reason in Italian beside the URL, keeping what was typed', async () => {
    const strict = await makeHarness();
    try {
      const session = await coordinatorSession(strict);
      for (const target of ['https://127.0.0.1/hook', 'https://192.168.1.10/hook', 'https://localhost:8443/hook', 'http://hooks.example.org/hook']) {
        const res = await post('/app/webhooks/new', session, { url: target, events: ['appointment.unfilled'] }, strict);
        expect([target, res.status]).toEqual([target, 422]);
        const html = await res.text();
        expect(html).toMatch(/<p id="f-url-error" class="field-error mb-0">\s*Questo indirizzo non può ricevere webhook: serve un indirizzo https/);
        expect(html).toContain('aria-invalid="true"');
        expect(html).toContain(`value="${target}"`);
        expect(html).toMatch(/value="appointment\.unfilled" checked/);
        expect(html).not.toMatch(/loopback|private address|must be https/);
      }
      expect((await strict.expectStatus(strict.call('GET', '/v1/webhooks'), 200)).items).toEqual([]);
      expect((await post('/app/webhooks/new', session, { url: 'https://hooks.example.org/asl', events: ['appointment.unfilled'] }, strict)).status).toBe(200);
    } finally {
      strict.close();
    }
  });

  it('asks for a real address and at least one event', async () => {
    const session = await coordinatorSession();
    const res = await post('/app/webhooks/new', session, { url: 'gestionale asl', description: 'prova' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="f-url-error"[^>]*>\s*Scriva un indirizzo completo che inizi con https:\/\//);
    expect(html).toMatch(/id="f-events-error"[^>]*>\s*Scelga almeno un evento\./);
    expect(html).toContain('href="#f-url"');
    expect(html).toContain('value="prova"');
  });
});

describe('a webhook’s page', () => {
  it('lists the deliveries after a booking and the jobs run: event, state, each attempt in Rome time with its HTTP status, the next attempt', async () => {
    const session = await coordinatorSession();
    const { id, secret } = await subscribe(session);
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    receiver.answers.push(500);
    await h.runJobs(null);

    let page = words(await (await get(`/app/webhooks/${id}`, session)).text());
    expect(page).toContain('Invii');
    expect(page).toContain('20/03/2026 09:00 appuntamento prenotato in coda 1º tentativo, 20/03/2026 09:00 · risposta HTTP 500 20/03/2026 09:00 Reinvia');

    h.clock.advance(60_000);
    await h.runJobs(null);
    page = words(await (await get(`/app/webhooks/${id}`, session)).text());
    expect(page).toContain('consegnato 1º tentativo, 20/03/2026 09:00 · risposta HTTP 500 2º tentativo, 20/03/2026 09:01 · risposta HTTP 204 — Reinvia');
    expect(received).toHaveLength(2);
    expect(received.every((r) => signs(secret, r))).toBe(true);
  });

  it('"Reinvia" queues a delivery again: the jobs send it once more with the same webhook-id', async () => {
    const session = await coordinatorSession();
    const { id } = await subscribe(session);
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    await h.runJobs(null);
    const [delivery] = (await h.expectStatus(h.call('GET', `/v1/webhooks/${id}/deliveries`), 200)).items;
    expect(delivery.status).toBe('delivered');

    h.clock.advance(5 * 60_000);
    const res = await post(`/app/webhooks/${id}/deliveries/${delivery.id}/replay`, session, {});
    expect([res.status, res.headers.get('location')]).toEqual([303, `/app/webhooks/${id}?done=replayed`]);
    const page = words(await (await get(res.headers.get('location') ?? '', session)).text());
    expect(page).toContain('Invio rimesso in coda');
    expect(page).toContain('appuntamento prenotato in coda');
    expect(page).toContain('20/03/2026 09:05'); // the next attempt: now

    await h.runJobs(null);
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
    expect(words(await (await get(`/app/webhooks/${id}`, session)).text())).toContain('2º tentativo, 20/03/2026 09:05 · risposta HTTP 204');
  });

  it('shows the deliveries 50 at a time, with a link to the next page and back to the first', async () => {
    const session = await coordinatorSession();
    const { id } = await subscribe(session);
    const now = h.clock.now();
    for (let i = 0; i < 51; i++) await h.db.exec(h.repos.webhooks.queueStatement(`msg${String(i).padStart(2, '0')}`, 'appointment.booked', '{}', now + i * 60_000));
    const first = await (await get(`/app/webhooks/${id}`, session)).text();
    expect(first.match(/>\s*Reinvia\s*</g)).toHaveLength(50);
    const next = /href="(\/app\/webhooks\/[^"?]+\?cursor=[^"#]+)#deliveries-title">\s*Pagina successiva/.exec(first)?.[1];
    expect(next).toBeTruthy();
    const second = await (await get((next ?? '').replaceAll('&amp;', '&'), session)).text();
    expect(second.match(/>\s*Reinvia\s*</g)).toHaveLength(1);
    expect(words(second)).toContain('20/03/2026 09:00 appuntamento prenotato'); // the oldest
    expect(second).toContain('Prima pagina');
    expect(second).not.toContain('Pagina successiva');
  });
});

describe('deleting', () => {
  it('asks first; once confirmed the webhook is gone and receives nothing more', async () => {
    const session = await coordinatorSession();
    const { id } = await subscribe(session);

    const ask = await get(`/app/webhooks/${id}/delete`, session);
    expect(ask.status).toBe(200);
    const question = await ask.text();
    expect(question).toContain('Eliminare il webhook?');
    expect(question).toContain(`<form method="post" action="/app/webhooks/${id}/delete"`);
    expect((await h.call('GET', `/v1/webhooks/${id}`)).status).toBe(200); // asking changes nothing

    const res = await post(`/app/webhooks/${id}/delete`, session, {});
    expect([res.status, res.headers.get('location')]).toEqual([303, '/app/webhooks?done=deleted']);
    const list = await (await get(res.headers.get('location') ?? '', session)).text();
    expect(list).toContain('Webhook eliminato: non riceverà più nulla.');
    expect(list).toContain('Nessun webhook attivo.');
    expect((await h.call('GET', `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await get(`/app/webhooks/${id}`, session)).status).toBe(404);

    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    await h.runJobs(null);
    expect(received).toEqual([]);
  });
});

describe('permissions', () => {
  it('refuses a desk and a mediator on every webhook page and action, before anything is read or written', async () => {
    const coordinator = await coordinatorSession();
    const { id } = await subscribe(coordinator);
    const service = await h.make.service();
    await h.make.user({ role: 'desk', serviceId: service.id, email: 'desk@asl.example.it' });
    const mediator = await h.make.mediator({ email: 'med@coop.example.it' });
    await h.make.user({ role: 'mediator', mediatorId: mediator.id, email: 'med-user@coop.example.it' });
    const pages = ['/app/webhooks', `/app/webhooks/${id}`, `/app/webhooks/${id}/delete`];
    const actions = ['/app/webhooks/new', `/app/webhooks/${id}/delete`, `/app/webhooks/${id}/deliveries/x/replay`];
    for (const email of ['desk@asl.example.it', 'med-user@coop.example.it']) {
      const session = await pageSession(h, email);
      for (const path of pages) {
        const res = await get(path, session);
        expect([email, path, res.status]).toEqual([email, path, 403]);
        expect(await res.text()).toContain('Accesso non consentito');
      }
      for (const path of actions) expect([email, path, (await post(path, session, { url: receiverUrl, events: 'appointment.booked' })).status]).toEqual([email, path, 403]);
      expect(await (await get('/app', session)).text()).not.toContain('href="/app/webhooks"');
    }
    expect((await h.expectStatus(h.call('GET', '/v1/webhooks'), 200)).items.map((w: { id: string }) => w.id)).toEqual([id]);
  });
});
