import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Target } from './target.js';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Small truths checked on every runtime: what /health says, and an edit of details that keeps the mediator. */
export function truthScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  it("/health and the OpenAPI document report the package's version", async () => {
    const health = await h.expectStatus(h.call('GET', '/health', { token: null }), 200);
    expect(health).toMatchObject({ status: 'ok', version: packageVersion });
    const doc = await h.expectStatus(h.call('GET', '/openapi.json', { token: null }), 200);
    expect(doc.info.version).toBe(packageVersion);
  });

  it('an edit of the details re-checks the booked mediator, keeps one who still fits, and keeps bookedAt', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const a = await h.make.appointment(desk.token);
    const edited = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { notes: 'Portare il modulo' } }), 200);
    expect(edited).toMatchObject({ mediatorId: m.id, mediatorKept: true, notes: 'Portare il modulo', bookedAt: a.bookedAt, status: 'booked' });
  });
}
