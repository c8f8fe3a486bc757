import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/** Why a named mediator cannot come: a desk learns they are not available; only a coordinator learns why. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const slot = { start: '2026-03-23T10:00:00+01:00', assignment: 'manual' };

async function scene() {
  const onLeave = await h.make.mediator({ name: 'Amina' });
  const busy = await h.make.mediator({ name: 'Karim' });
  await h.expectStatus(
    h.call('POST', `/v1/mediators/${onLeave.id}/time-off`, { body: { start: '2026-03-23T00:00:00+01:00', end: '2026-03-24T00:00:00+01:00', reason: 'sick leave' } }),
    201,
  );
  const other = await h.make.desk();
  const theirs = await h.make.appointment(other.token, { start: slot.start, assignment: 'manual' });
  await h.expectStatus(h.call('POST', `/v1/appointments/${theirs.id}/assign`, { token: other.token, body: { mediatorId: busy.id } }), 200);
  const desk = await h.make.desk();
  const mine = await h.make.appointment(desk.token, slot);
  return { onLeave, busy, desk, mine };
}

describe('candidates with explain=true', () => {
  it('tell a desk only that a mediator on leave or booked elsewhere is not available at that time', async () => {
    const { onLeave, busy, desk, mine } = await scene();
    const res = await h.expectStatus(h.call('GET', `/v1/appointments/${mine.id}/candidates?explain=true`, { token: desk.token }), 200);
    const about = (id: string) => res.excluded.find((e: { mediatorId: string }) => e.mediatorId === id);
    expect(about(onLeave.id)).toMatchObject({ rule: 'availability', detail: 'Not available at that time.' });
    expect(about(busy.id)).toMatchObject({ rule: 'availability', detail: 'Not available at that time.' });
    expect(JSON.stringify(res)).not.toMatch(/time_off|booking_conflict|leave|booked/i);
    expect(res.excludedByRule).toEqual({ availability: 2 });
  });

  it('tell a coordinator the rule and the detail', async () => {
    const { onLeave, busy, mine } = await scene();
    const res = await h.expectStatus(h.call('GET', `/v1/appointments/${mine.id}/candidates?explain=true`), 200);
    const about = (id: string) => res.excluded.find((e: { mediatorId: string }) => e.mediatorId === id);
    expect(about(onLeave.id)).toMatchObject({ rule: 'time_off' });
    expect(about(onLeave.id).detail).toMatch(/time off/);
    expect(about(busy.id)).toMatchObject({ rule: 'booking_conflict' });
    expect(about(busy.id).detail).toMatch(/Already booked/);
  });
});

describe('a desk picking such a mediator', () => {
  it('is refused with the neutral reason', async () => {
    const { onLeave, busy, desk, mine } = await scene();
    for (const m of [onLeave, busy]) {
      const res = await h.call('POST', `/v1/appointments/${mine.id}/assign`, { token: desk.token, body: { mediatorId: m.id } });
      expect(res.status).toBe(409);
      expect(res.body.rule).toBe('availability');
      expect(res.text).toContain('Not available at that time.');
      expect(res.text).not.toMatch(/time off|Already booked/);
    }
  });

  it('by a coordinator is refused with the detail', async () => {
    const { onLeave, mine } = await scene();
    const res = await h.call('POST', `/v1/appointments/${mine.id}/assign`, { body: { mediatorId: onLeave.id } });
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('time_off');
  });
});
