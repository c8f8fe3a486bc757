import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/** A calendar feed ends with its owner, and with the user it was issued to. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

async function fetchFeed(url: string) {
  const res = await h.app.request(url.replace('http://localhost:8787', ''));
  return { status: res.status, body: await res.text() };
}

async function bookedWithFeeds() {
  const desk = await h.make.desk();
  const mediator = await h.make.mediator();
  const mediatorUser = await h.make.mediatorUser(mediator.id);
  await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-7781' });
  const serviceFeed = await h.expectStatus(h.call('POST', `/v1/calendars/services/${desk.service.id}/token`, { token: desk.token }), 201);
  const mediatorFeed = await h.expectStatus(h.call('POST', `/v1/calendars/mediators/${mediator.id}/token`, { token: mediatorUser.token }), 201);
  expect((await fetchFeed(serviceFeed.url)).body).toContain('BEGIN:VEVENT');
  expect((await fetchFeed(mediatorFeed.url)).body).toContain('BEGIN:VEVENT');
  return { desk, mediator, mediatorUser, serviceFeed, mediatorFeed };
}

const ended = (feed: { status: number; body: string }) => {
  expect(feed.status).toBe(404);
  expect(feed.body).not.toContain('VEVENT');
  expect(feed.body).not.toContain('CASE-7781');
};

describe('a calendar feed', () => {
  it('ends when the mediator is deactivated', async () => {
    const { mediator, mediatorFeed, serviceFeed } = await bookedWithFeeds();
    await h.expectStatus(h.call('PATCH', `/v1/mediators/${mediator.id}`, { body: { active: false } }), 200);
    ended(await fetchFeed(mediatorFeed.url));
    expect((await fetchFeed(serviceFeed.url)).status).toBe(200);
  });

  it('ends when the service is deactivated', async () => {
    const { desk, serviceFeed, mediatorFeed } = await bookedWithFeeds();
    await h.expectStatus(h.call('PATCH', `/v1/services/${desk.service.id}`, { body: { active: false } }), 200);
    ended(await fetchFeed(serviceFeed.url));
    expect((await fetchFeed(mediatorFeed.url)).status).toBe(200);
  });

  it('ends when the user it was issued to is revoked', async () => {
    const { desk, mediatorUser, serviceFeed, mediatorFeed } = await bookedWithFeeds();
    await h.expectStatus(h.call('DELETE', `/v1/users/${desk.userId}`), 204);
    ended(await fetchFeed(serviceFeed.url));
    await h.expectStatus(h.call('DELETE', `/v1/users/${mediatorUser.id}`), 204);
    ended(await fetchFeed(mediatorFeed.url));
  });

  it('issued by a coordinator lives while that coordinator does', async () => {
    const { desk } = await bookedWithFeeds();
    const feed = await h.expectStatus(h.call('POST', `/v1/calendars/services/${desk.service.id}/token`), 201);
    await h.expectStatus(h.call('DELETE', `/v1/users/${desk.userId}`), 204);
    expect((await fetchFeed(feed.url)).status).toBe(200);
  });
});
