import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHarness } from '../support/harness.js';
import { checkInvariants } from './support/invariants.js';
import type { LoadResult } from './support/load.js';

/** The checker the load, crash and outage parts rely on finds what it is meant to find. */
describe('the invariant checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-reliability-inv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags a mediator in two places (travel included), a lost booking and a missing e-mail', async () => {
    const file = join(dir, 'db.sqlite');
    const h = await makeHarness({ file });
    const turin = await h.make.desk({ area: 'TO' });
    const cuneo = await h.make.desk({ area: 'CN' });
    const m = await h.make.mediator({ areas: ['TO', 'CN'] });
    const other = await h.make.mediator({ areas: ['TO', 'CN'] });
    const a = await h.make.appointment(turin.token, { start: '2026-03-23T10:00:00+01:00' });
    // 11:30 in Cuneo: free of overlap, but 75 minutes' travel from Turin do not fit in the 30 between.
    const b = await h.make.appointment(cuneo.token, { start: '2026-03-23T11:30:00+01:00' });
    expect([a.mediatorId, b.mediatorId].sort()).toEqual([m.id, other.id].sort());
    const load: LoadResult = {
      bookings: [a, b, { ...a, id: 'apt_never_stored' }].map((body, i) => ({ key: `k${i}`, desk: 0, body: {}, answer: { status: 201, body } })),
      cancelled: [],
      lostCancels: [],
      counts: {},
      serverErrors: [],
      ms: 0,
    };
    h.db.sqlite.prepare('UPDATE appointments SET mediator_id = ? WHERE id = ?').run(a.mediatorId, b.id);
    h.db.sqlite.prepare("DELETE FROM outbox WHERE appointment_id = ? AND kind = 'appointment.booked.desk'").run(a.id);
    h.close();

    const report = checkInvariants(file, load);
    expect(report.doubleBookings).toHaveLength(1);
    expect(report.missing).toEqual([`${b.id} booked with ${b.mediatorId} but holds ${a.mediatorId}`, 'apt_never_stored not stored']);
    expect(report.withoutOutbox).toEqual([`${a.id} booked lacks appointment.booked.desk`]);
  });
});
