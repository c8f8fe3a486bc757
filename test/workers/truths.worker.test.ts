import { afterEach, describe, expect, it } from 'vitest';
import { truthScenarios } from '../scenarios/truths.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('small truths on Workers (workerd) + D1', () => truthScenarios(() => makeWorkerTarget()));

describe('the access log on Workers', () => {
  let target: Awaited<ReturnType<typeof makeWorkerTarget>> | undefined;
  afterEach(() => target?.close());

  it('writes one line per request, with the route template and no token', async () => {
    target = await makeWorkerTarget();
    const desk = await target.make.desk();
    const feed = await target.expectStatus(target.call('POST', `/v1/calendars/services/${desk.service.id}/token`, { token: desk.token }), 201);
    await target.expectStatus(target.call('GET', `/v1/calendars/services/${desk.service.id}.ics?token=${feed.token}`, { token: null }), 200);
    await target.expectStatus(target.call('GET', '/health', { token: null }), 200);
    await expect.poll(() => target?.accessLog.length ?? 0).toBeGreaterThanOrEqual(3);
    const [, fed, health] = target.accessLog.slice(-3).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(fed).toMatchObject({ method: 'GET', route: '/v1/calendars/services/:file{[A-Za-z0-9_-]+\\.ics}', status: 200, requestId: expect.stringMatching(/^req_/) });
    expect(health).toMatchObject({ method: 'GET', route: '/health', status: 200 });
    expect(target.accessLog.join('\n')).not.toContain(feed.token);
    expect(target.accessLog.join('\n')).not.toContain(desk.token);
  });
});
