import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness, NO_GUESSING_LIMIT } from '../support/harness.js';
import { type Actor, ACTORS, ALL_MARKS, type AuthenticatedActor, buildWorld, MARK, NEVER_SEES, UNAUTHENTICATED, type World, withNewApp } from '../support/permission-world.js';
import { type Operation, operationsOf, validOf } from './support/openapi.js';

/** Authorization headers that are not a bearer token at all. */
const GARBAGE = ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer  ', 'Bearer a b c', `Bearer ${'A'.repeat(5000)}`, 'bearer mb_lowercase-scheme'];
/** A mediator sees the name of the service that offers them work or books them (offers and invites). */
const MAY_SHOW = (path: string, actor: AuthenticatedActor): string[] =>
  path.startsWith('/v1/offers') || path.endsWith('/invite.ics') ? ({ mediatorOwn: [MARK.serviceA], mediatorOther: [MARK.serviceB] } as Partial<Record<AuthenticatedActor, string[]>>)[actor] ?? [] : [];
const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');

/**
 * Every route in /openapi.json × every kind of caller × the A side's and the B side's objects, plus
 * garbage Authorization headers, on the permission matrix's world (planted private strings). No
 * answer carries a string its caller must never see; unauthenticated callers get 401; nothing 500s;
 * a refused write changes nothing. Each request runs in a transaction rolled back afterwards.
 */
describe('authorisation: every route × every caller × own and foreign objects, from /openapi.json', () => {
  let base: Harness;
  let h: Harness;
  let w: World;
  let ops: Operation[];

  beforeAll(async () => {
    base = await makeHarness({ config: NO_GUESSING_LIMIT });
    w = await buildWorld(base);
    h = withNewApp(base);
    ops = operationsOf((await h.expectStatus(h.call('GET', '/openapi.json'), 200)) as Json);
  });
  afterAll(() => base?.close());

  /** The path with the A side's (or the B side's) objects in it. */
  const pathFor = (op: Operation, side: 'A' | 'B'): string => {
    const a = side === 'A';
    const byCollection: Record<string, string> = {
      services: (a ? w.serviceA : w.serviceB).id,
      mediators: (a ? w.mediator1 : w.mediator2).id,
      appointments: (a ? w.appointmentA : w.appointmentB).id,
      offers: (a ? w.offerA : w.offerB).id,
      outbox: a ? w.failedMessage.id : 'out_01KM000000000000000000000',
      users: a ? w.spareUserId : w.userIds.deskOther,
    };
    const byName: Record<string, string> = {
      exclusionId: (a ? w.exclusionA : w.exclusionB).id,
      timeOffId: (a ? w.timeOff1 : w.timeOff2).id,
      ref: (a ? MARK.caseA : MARK.caseB).toUpperCase(),
    };
    const segments = op.path.split('/');
    return segments
      .map((seg, i) => {
        const name = /^\{(.+)\}$/.exec(seg)?.[1];
        if (!name) return seg;
        return encodeURIComponent((name === 'id' ? byCollection[segments[i - 1] ?? ''] : byName[name]) ?? 'x_missing');
      })
      .join('/');
  };
  const bodyFor = (op: Operation, side: 'A' | 'B'): unknown => {
    if (!op.body) return undefined;
    const known = { mediatorId: [(side === 'A' ? w.mediator1 : w.mediator2).id], serviceId: [(side === 'A' ? w.serviceA : w.serviceB).id], language: ['ar'], area: ['TO'] };
    return fc.sample(validOf(op.body, known), { numRuns: 1, seed: 18 })[0];
  };
  const totalChanges = () => (base.db.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

  it('shows no caller anything it must not see, and lets no unauthenticated caller in', async () => {
    const started = Date.now();
    const problems: string[] = [];
    const statuses: Record<string, number> = {};
    let cells = 0;
    /** Answers that did carry planted strings (to an allowed caller): the check is not vacuous. */
    let planted = 0;
    const callers: Array<{ actor: Actor | 'garbage'; headers?: Record<string, string> }> = [
      ...(Object.keys(ACTORS) as Actor[]).map((actor) => ({ actor })),
      ...GARBAGE.map((g) => ({ actor: 'garbage' as const, headers: { authorization: g } })),
    ];
    for (const op of ops) {
      for (const side of ['A', 'B'] as const) {
        const path = pathFor(op, side);
        const body = bodyFor(op, side);
        for (const caller of callers) {
          cells++;
          const before = totalChanges();
          base.db.sqlite.exec('BEGIN');
          let wrote = false;
          try {
            const token = caller.actor === 'garbage' ? null : w.tokens[caller.actor];
            const r = await h.call(op.method, path, { token, ...(caller.headers ? { headers: caller.headers } : {}), ...(body === undefined ? {} : { body }) });
            wrote = totalChanges() !== before;
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            const cell = `${op.method} ${path} as ${caller.actor}${caller.headers ? ` (${caller.headers.authorization?.slice(0, 20)})` : ''}`;
            const text = unfold(r.text);
            if (r.status >= 500) problems.push(`${cell} → ${r.status}`);
            if (r.status >= 400 && !/problem\+json/.test(r.headers.get('content-type') ?? '')) problems.push(`${cell} → ${r.status} not problem+json`);
            if (caller.actor === 'garbage' || UNAUTHENTICATED.includes(caller.actor)) {
              if (r.status !== 401) problems.push(`${cell} → ${r.status}, not 401`);
              const leaked = ALL_MARKS.filter((m) => text.toLowerCase().includes(m));
              if (leaked.length) problems.push(`${cell} leaked ${leaked.join(', ')}`);
            } else {
              const actor = caller.actor as AuthenticatedActor;
              const allowed = MAY_SHOW(path, actor);
              if (ALL_MARKS.some((m) => text.toLowerCase().includes(m))) planted++;
              const leaked = NEVER_SEES[actor].filter((m) => !allowed.includes(m) && text.toLowerCase().includes(m));
              if (leaked.length) problems.push(`${cell} → ${r.status} leaked ${leaked.join(', ')}`);
            }
            if (r.status >= 400 && wrote) problems.push(`${cell} → ${r.status} but wrote to the database`);
          } finally {
            base.db.sqlite.exec('ROLLBACK');
          }
          if (wrote) h = withNewApp(base);
        }
      }
    }
    const figures = Object.entries(statuses)
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    console.log(`[reliability] authorisation: ${ops.length} operations × ${callers.length} callers × 2 sides = ${cells} requests in ${Date.now() - started} ms (${figures}); ${planted} answers carried planted strings to allowed callers; ${problems.length} problems`);
    expect(problems).toEqual([]);
    expect(planted).toBeGreaterThan(50);
  }, 120_000);
});
