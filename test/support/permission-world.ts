/**
 * The world of the permission matrix (test/integration/permissions.test.ts), shared with the
 * reliability suite's authorisation part (test/reliability/authorisation.test.ts): two services,
 * two mediators, their objects with private strings planted, and a token for every kind of caller.
 */
import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import type { MailTransport } from '../../src/mail/message.js';
import { makeFactories, readResponse, requestInit } from './factories.js';
import { COORDINATOR_TOKEN, type Harness, type Json } from './harness.js';
// ---------------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------------

export const ACTORS = {
  coordinator: 'a coordinator',
  deskOwn: 'the desk of the owning service',
  deskOther: 'the desk of another service',
  mediatorOwn: 'the mediator themself',
  mediatorOther: 'another mediator',
  noToken: 'no token',
  invalidToken: 'an unknown token',
  revokedToken: 'a revoked token',
} as const;
export type Actor = keyof typeof ACTORS;
export type AuthenticatedActor = Exclude<Actor, 'noToken' | 'invalidToken' | 'revokedToken'>;
export const UNAUTHENTICATED: Actor[] = ['noToken', 'invalidToken', 'revokedToken'];

/** Private strings planted in the world; a caller must never see the other side's. */
export const MARK = {
  serviceA: 'secret-svc-a',
  serviceB: 'secret-svc-b',
  caseA: 'secret-case-a',
  caseB: 'secret-case-b',
  noteA: 'secret-note-a',
  noteB: 'secret-note-b',
  exclusionA: 'secret-exc-a',
  exclusionB: 'secret-exc-b',
  mail1: 'secret-mail-1',
  mail2: 'secret-mail-2',
  offA: 'secret-off-1',
  offB: 'secret-off-2',
  budgetA: 'secret-bdg-a',
  budgetB: 'secret-bdg-b',
} as const;
export const ALL_MARKS = Object.values(MARK);

/** What each caller must never find in any answer it gets. */
export const NEVER_SEES: Record<AuthenticatedActor, string[]> = {
  coordinator: [],
  deskOwn: [MARK.serviceB, MARK.caseB, MARK.noteB, MARK.exclusionB, MARK.offA, MARK.offB, MARK.budgetB],
  deskOther: [MARK.serviceA, MARK.caseA, MARK.noteA, MARK.exclusionA, MARK.offA, MARK.offB, MARK.budgetA],
  mediatorOwn: [MARK.serviceA, MARK.serviceB, MARK.caseB, MARK.noteB, MARK.exclusionA, MARK.exclusionB, MARK.mail2, MARK.offB, MARK.budgetA, MARK.budgetB],
  mediatorOther: [MARK.serviceA, MARK.serviceB, MARK.caseA, MARK.noteA, MARK.exclusionA, MARK.exclusionB, MARK.mail1, MARK.offA, MARK.budgetA, MARK.budgetB],
};

/** Once appointment A has started (its sheets can be signed) and ended (it awaits close-out). */
export const AFTER_A = '2026-03-23T12:00:00Z';
/** Tuesday 24 March 2026, 10:00 Rome: the offered requests. */
export const OFFERED_START = '2026-03-24T10:00:00+01:00';

// ---------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------

export interface World {
  serviceA: Json;
  serviceB: Json;
  mediator1: Json;
  mediator2: Json;
  appointmentA: Json;
  appointmentB: Json;
  exclusionA: Json;
  exclusionB: Json;
  timeOff1: Json;
  timeOff2: Json;
  /** Requests sent out as offers: A (service A, ar) offered to mediator 1 only, B (service B, fa) to mediator 2 only. */
  offeredA: Json;
  offeredB: Json;
  offerA: Json;
  offerB: Json;
  /** A booking e-mail about appointment A that failed for good, and an offer e-mail still pending. */
  failedMessage: Json;
  pendingMessage: Json;
  budgetA: Json;
  budgetB: Json;
  /** The secret tokens of the calendar feeds. */
  feeds: { mediator1: string; mediator2: string; serviceA: string; serviceB: string };
  /** A user nobody logs in as: the target of DELETE /users/{id}. */
  spareUserId: string;
  tokens: Record<Actor, string | null>;
  userIds: Record<AuthenticatedActor, string>;
}

export async function buildWorld(h: Harness): Promise<World> {
  const coordinator = await h.expectStatus(h.call('GET', '/v1/me'), 200);
  const deskA = await h.make.desk({ name: `Consultorio ${MARK.serviceA}` });
  const deskB = await h.make.desk({ name: `Consultorio ${MARK.serviceB}` });
  const mediator1 = await h.make.mediator({ email: `${MARK.mail1}@example.it`, languages: [{ code: 'ar', level: 'native' }] });
  const mediator2 = await h.make.mediator({ email: `${MARK.mail2}@example.it`, languages: [{ code: 'fa', level: 'native' }] });
  const user1 = await h.make.mediatorUser(mediator1.id);
  const user2 = await h.make.mediatorUser(mediator2.id);

  const appointmentA = await h.make.appointment(deskA.token, { language: 'ar', beneficiaryRef: MARK.caseA.toUpperCase(), notes: MARK.noteA });
  const appointmentB = await h.make.appointment(deskB.token, { language: 'fa', beneficiaryRef: MARK.caseB.toUpperCase(), notes: MARK.noteB });
  if (appointmentA.mediatorId !== mediator1.id || appointmentB.mediatorId !== mediator2.id) {
    throw new Error('world: the appointments were not booked with the expected mediators');
  }

  const exclusionA = await h.expectStatus(
    h.call('POST', `/v1/services/${deskA.service.id}/exclusions`, { token: deskA.token, body: { mediatorId: mediator2.id, reason: MARK.exclusionA } }),
    201,
  );
  const exclusionB = await h.expectStatus(
    h.call('POST', `/v1/services/${deskB.service.id}/exclusions`, { token: deskB.token, body: { mediatorId: mediator1.id, reason: MARK.exclusionB } }),
    201,
  );
  const timeOff1 = await h.expectStatus(
    h.call('POST', `/v1/mediators/${mediator1.id}/time-off`, {
      token: user1.token,
      body: { start: '2026-04-10T09:00:00+02:00', end: '2026-04-10T18:00:00+02:00', reason: MARK.offA },
    }),
    201,
  );
  const timeOff2 = await h.expectStatus(
    h.call('POST', `/v1/mediators/${mediator2.id}/time-off`, {
      token: user2.token,
      body: { start: '2026-04-10T09:00:00+02:00', end: '2026-04-10T18:00:00+02:00', reason: MARK.offB },
    }),
    201,
  );

  const revoked = await h.make.user({ role: 'desk', serviceId: deskA.service.id });
  await h.expectStatus(h.call('DELETE', `/v1/users/${revoked.id}`), 204);
  const spare = await h.make.user({ role: 'coordinator' });

  // The mail server is down and gives up at the first attempt: every booking e-mail so far has failed.
  const down: MailTransport = {
    name: 'down',
    send: async () => {
      throw new Error('SMTP connection refused');
    },
  };
  const maxAttempts = h.deps.config.mail.maxAttempts;
  h.deps.config.mail.maxAttempts = 1;
  await h.runJobs(down);
  h.deps.config.mail.maxAttempts = maxAttempts;
  const failed = await h.expectStatus(h.call('GET', `/v1/outbox?status=failed&appointmentId=${appointmentA.id}`), 200);

  const offeredA = await h.make.appointment(deskA.token, { language: 'ar', start: OFFERED_START, assignment: 'offer', beneficiaryRef: MARK.caseA.toUpperCase() });
  const offeredB = await h.make.appointment(deskB.token, { language: 'fa', start: OFFERED_START, assignment: 'offer', beneficiaryRef: MARK.caseB.toUpperCase() });
  const offersOf = async (a: Json) => (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${a.id}`), 200)).items as Json[];
  const [offersA, offersB] = [await offersOf(offeredA), await offersOf(offeredB)];
  if (offersA.map((o) => o.mediatorId).join() !== mediator1.id || offersB.map((o) => o.mediatorId).join() !== mediator2.id) {
    throw new Error('world: the offers did not go to the expected mediators');
  }
  const pending = await h.expectStatus(h.call('GET', `/v1/outbox?status=pending&kind=offer&appointmentId=${offeredA.id}`), 200);
  if (!failed.items[0] || !pending.items[0]) throw new Error('world: no failed booking e-mail or no pending offer e-mail');

  const budget = (serviceId: string, note: string) =>
    h.expectStatus(h.call('POST', `/v1/services/${serviceId}/budgets`, { body: { from: '2026-03-01', to: '2026-04-01', minutes: 6000, note } }), 201);
  const feed = async (path: string, token: string) => (await h.expectStatus(h.call('POST', path, { token }), 201)).token as string;

  return {
    serviceA: deskA.service,
    serviceB: deskB.service,
    mediator1,
    mediator2,
    appointmentA,
    appointmentB,
    exclusionA,
    exclusionB,
    timeOff1,
    timeOff2,
    offeredA,
    offeredB,
    offerA: offersA[0] as Json,
    offerB: offersB[0] as Json,
    failedMessage: failed.items[0],
    pendingMessage: pending.items[0],
    budgetA: await budget(deskA.service.id, MARK.budgetA),
    budgetB: await budget(deskB.service.id, MARK.budgetB),
    feeds: {
      mediator1: await feed(`/v1/calendars/mediators/${mediator1.id}/token`, user1.token),
      mediator2: await feed(`/v1/calendars/mediators/${mediator2.id}/token`, user2.token),
      serviceA: await feed(`/v1/calendars/services/${deskA.service.id}/token`, deskA.token),
      serviceB: await feed(`/v1/calendars/services/${deskB.service.id}/token`, deskB.token),
    },
    spareUserId: spare.id,
    tokens: {
      coordinator: COORDINATOR_TOKEN,
      deskOwn: deskA.token,
      deskOther: deskB.token,
      mediatorOwn: user1.token,
      mediatorOther: user2.token,
      noToken: null,
      invalidToken: 'mb_ThisTokenWasNeverIssuedByTheServer000000',
      revokedToken: revoked.token,
    },
    userIds: { coordinator: coordinator.id, deskOwn: deskA.userId, deskOther: deskB.userId, mediatorOwn: user1.id, mediatorOther: user2.id },
  };
}

/** Every row of every table (bar the migration journal): a refused write must leave this untouched. */
export function databaseSnapshot(h: Harness): Record<string, unknown[]> {
  const tables = h.db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, h.db.sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

/** The same world through a new app: nothing the previous app held in memory outlives a rolled-back write. */
export function withNewApp(b: Harness): Harness {
  const app = createApp(b.deps);
  const call: Harness['call'] = async (method, path, o = {}) => readResponse(await app.request(path, requestInit(method, o)));
  return { ...b, app, call, ...makeFactories(call) };
}

/** Fails when `text` contains any of `marks` (case-insensitive). */
export function expectNoneOf(text: string, marks: readonly string[]): void {
  const lower = text.toLowerCase();
  const leaked = marks.filter((m) => lower.includes(m));
  expect(leaked, `leaked ${leaked.join(', ')} in ${text.slice(0, 300)}`).toEqual([]);
}
