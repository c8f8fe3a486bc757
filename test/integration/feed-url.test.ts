/** A calendar's subscription URL can be read without rotating it; rotation stays an explicit POST. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

let h: Harness;
let desk: { service: Json; token: string };
let mediator: Json;
let mediatorToken: string;

beforeEach(async () => {
  h = await makeHarness();
  desk = await h.make.desk();
  mediator = await h.make.mediator();
  mediatorToken = (await h.make.mediatorUser(mediator.id)).token;
});
afterEach(() => h.close());

const feedStatus = async (url: string) => (await h.app.request(url.replace('http://localhost:8787', ''))).status;

describe('reading the subscription URL', () => {
  it('shows the URL in force, again and again, and the subscription keeps working', async () => {
    const path = `/v1/calendars/mediators/${mediator.id}/token`;
    const issued = await h.expectStatus(h.call('POST', path, { token: mediatorToken }), 201);
    const read = await h.expectStatus(h.call('GET', path, { token: mediatorToken }), 200);
    const again = await h.expectStatus(h.call('GET', path, { token: mediatorToken }), 200);
    expect(read).toEqual({ url: issued.url, token: issued.token, createdAt: '2026-03-20T09:00:00+01:00' });
    expect(again.url).toBe(issued.url);
    expect(await feedStatus(issued.url)).toBe(200);
  });

  it('changes only on rotation (POST), after which the old URL stops working', async () => {
    const path = `/v1/calendars/services/${desk.service.id}/token`;
    const first = await h.expectStatus(h.call('POST', path, { token: desk.token }), 201);
    const second = await h.expectStatus(h.call('POST', path, { token: desk.token }), 201);
    expect(second.url).not.toBe(first.url);
    expect((await h.expectStatus(h.call('GET', path, { token: desk.token }), 200)).url).toBe(second.url);
    expect([await feedStatus(first.url), await feedStatus(second.url)]).toEqual([404, 200]);
  });

  it('answers 404 no_feed before any URL exists and after revocation', async () => {
    const path = `/v1/calendars/mediators/${mediator.id}/token`;
    expect((await h.call('GET', path, { token: mediatorToken })).body.code).toBe('no_feed');
    await h.expectStatus(h.call('POST', path, { token: mediatorToken }), 201);
    await h.expectStatus(h.call('DELETE', path, { token: mediatorToken }), 204);
    const gone = await h.call('GET', path, { token: mediatorToken });
    expect([gone.status, gone.body.code]).toEqual([404, 'no_feed']);
  });

  it('asks for one rotation when the URL in force predates readable URLs (it still works meanwhile)', async () => {
    const path = `/v1/calendars/mediators/${mediator.id}/token`;
    await h.expectStatus(h.call('POST', path, { token: mediatorToken }), 201);
    h.db.sqlite.prepare("UPDATE calendar_feeds SET token_hash = 'an-old-random-token-hash'").run();
    const r = await h.call('GET', path, { token: mediatorToken });
    expect([r.status, r.body.code]).toEqual([409, 'feed_url_unreadable']);
  });

  it('is for the owner and coordinators only: another mediator or desk gets 404', async () => {
    const other = await h.make.mediator({ email: 'other@example.it' });
    const otherToken = (await h.make.mediatorUser(other.id)).token;
    const otherDesk = await h.make.desk();
    await h.expectStatus(h.call('POST', `/v1/calendars/mediators/${mediator.id}/token`, { token: mediatorToken }), 201);
    await h.expectStatus(h.call('POST', `/v1/calendars/services/${desk.service.id}/token`, { token: desk.token }), 201);
    expect((await h.call('GET', `/v1/calendars/mediators/${mediator.id}/token`, { token: otherToken })).status).toBe(404);
    expect((await h.call('GET', `/v1/calendars/services/${desk.service.id}/token`, { token: otherDesk.token })).status).toBe(404);
    expect((await h.call('GET', `/v1/calendars/mediators/${mediator.id}/token`)).status).toBe(200);
  });

  it('is in the OpenAPI document beside the rotation', async () => {
    const doc = (await h.call('GET', '/openapi.json', { token: null })).body;
    for (const path of ['/v1/calendars/mediators/{id}/token', '/v1/calendars/services/{id}/token']) {
      expect(Object.keys(doc.paths[path]).sort()).toEqual(['delete', 'get', 'post']);
    }
  });
});
