/** The system actor: what jobs, feeds and links act as — never a coordinator, never a token's owner. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/deps.js';
import { ForbiddenError } from '../../src/domain/errors.js';
import { sha256Hex } from '../../src/ids.js';
import { systemCtx } from '../../src/jobs.js';
import { listOutboxMessages } from '../../src/operations/outbox.js';
import { createService } from '../../src/operations/services.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

describe('the system actor', () => {
  it('moves expired offers on, recorded as system in the audit log', async () => {
    h.deps.config.offers.size = 1;
    const desk = await h.make.desk();
    for (const name of ['M0', 'M1']) await h.make.mediator({ name, email: `${name}@example.it`, languages: [{ code: 'ar', level: 'C1' }] });
    const a: Json = await h.make.appointment(desk.token, { assignment: 'offer' });
    h.clock.advance(4 * 3600_000 + 1);
    expect((await h.runJobs(null)).offersAdvanced).toBe(1);
    const offered = h.db.sqlite
      .prepare("SELECT actor_id AS actorId, json_extract(detail, '$.round') AS round FROM audit_log WHERE entity_id = ? AND action = 'appointment.offered' ORDER BY round")
      .all(a.id);
    expect(offered).toEqual([
      { actorId: expect.stringMatching(/^usr/), round: 1 },
      { actorId: 'system', round: 2 },
    ]);
  });

  it('passes no role check that does not name it', async () => {
    const system = systemCtx(h.deps, h.repos);
    expect(system.actor).toBe(SYSTEM_ACTOR);
    await expect(listOutboxMessages(system, { limit: 10 })).rejects.toThrow(ForbiddenError);
    await expect(createService(system, { name: 'Sportello', kind: 'other', area: 'TO', address: 'Via Roma 1', contactEmail: 'a@example.it' })).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('is a role no token can carry', async () => {
    const token = 'mb_not-a-real-system-token';
    await h.repos.users.create({ id: 'usr_system', role: 'system', name: 'Impostor', tokenHash: await sha256Hex(token), createdAt: h.clock.now() });
    const res = await h.call('GET', '/v1/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });
});
