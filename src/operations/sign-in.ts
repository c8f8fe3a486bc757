import type { UserRow } from '../../db/repositories/users.js';
import type { NewWebSession } from '../../db/repositories/web-sessions.js';
import type { Actor, Ctx } from '../deps.js';
import { DomainError } from '../domain/errors.js';
import { DAY, HOUR, MINUTE } from '../domain/intervals.js';
import type { Role } from '../domain/vocabulary.js';
import { randomSecret, sha256Hex } from '../ids.js';
import { requireRole } from './access.js';
import { queueNotice } from './notify.js';
import { accountProblem, actorOf } from './users.js';

/** How sign-in behaves: link lifetime, idle expiry per role, and how many requests a window allows. */
export const SIGN_IN_POLICY = {
  linkMinutes: 15,
  /** Desks and coordinators work on shared office PCs; mediators on their own phone. */
  idle: { desk: 12 * HOUR, coordinator: 12 * HOUR, mediator: 30 * DAY } satisfies Record<Role, number>,
  /** A session's expiry moves forward at most this often (one write per interval, not per page). */
  touchEvery: 5 * MINUTE,
  window: 15 * MINUTE,
  perAddress: 3,
  perClient: 10,
};

/** Too many sign-in requests from one address or one client in the window. */
export class SignInRateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many sign-in requests; try again later.', [], { retryAfter: retryAfterSeconds });
  }
}

/**
 * Someone asks for a sign-in link. Whether or not the address belongs to an active user, the answer is
 * the same (nothing is returned): only a known address gets the e-mail. Requests are counted per
 * address and per client first, so a flood is refused the same way for every address.
 */
export async function requestSignInLink(ctx: Ctx, input: { email: string; client: string }): Promise<void> {
  requireRole(ctx.actor, 'system');
  const now = ctx.clock.now();
  const email = input.email.trim().toLowerCase();
  const counts = await ctx.repos.webSessions.recordRequest(
    { id: ctx.ids.next('sir'), addressHash: await sha256Hex(`address:${email}`), clientHash: await sha256Hex(`client:${input.client}`), at: now },
    now - SIGN_IN_POLICY.window,
  );
  if (counts.byAddress > SIGN_IN_POLICY.perAddress || counts.byClient > SIGN_IN_POLICY.perClient) {
    throw new SignInRateLimitedError(SIGN_IN_POLICY.window / 1000);
  }
  const user = await ctx.repos.webSessions.activeUserByEmail(email);
  if (!user?.email || !isUsable(user)) return;
  const token = randomSecret(32);
  const expiresAt = now + SIGN_IN_POLICY.linkMinutes * MINUTE;
  await ctx.repos.webSessions.createLink({ tokenHash: await sha256Hex(token), userId: user.id, createdAt: now, expiresAt, usedAt: null });
  const url = `${ctx.config.publicUrl}/app/login/${token}`;
  await ctx.db.exec(
    queueNotice(
      ctx,
      { type: 'sign_in', recipientName: user.name, url, expiresAt: new Date(expiresAt).toISOString() },
      { name: user.name, email: user.email, locale: await localeOf(ctx, user) },
      undefined,
    ),
  );
}

/** The person a sign-in link is for, while it is still usable — shown before the button that uses it (mail scanners open links). */
export async function signInLinkUser(ctx: Ctx, token: string): Promise<Pick<UserRow, 'name' | 'role'> | null> {
  requireRole(ctx.actor, 'system');
  const user = await ctx.repos.webSessions.usableLink(await sha256Hex(token), ctx.clock.now());
  return user && isUsable(user) ? { name: user.name, role: user.role } : null;
}

export interface NewSession {
  /** The cookie value: shown once, stored only as its SHA-256. */
  token: string;
  maxAgeSeconds: number;
}

/** Uses a sign-in link once and opens a session; null when it is unknown, used, expired or its user revoked. */
export async function redeemSignInLink(ctx: Ctx, token: string): Promise<NewSession | null> {
  requireRole(ctx.actor, 'system');
  const now = ctx.clock.now();
  const hash = await sha256Hex(token);
  const user = await ctx.repos.webSessions.usableLink(hash, now);
  if (!user || !isUsable(user)) return null;
  const { session, row } = await newSession(user, now);
  const redeemed = await ctx.repos.webSessions.redeemLink(hash, row, now);
  return redeemed ? session : null;
}

/**
 * A coordinator bootstrapping a new install signs in by pasting their API token (no e-mail set up yet).
 * Only coordinator tokens open a session this way; every other role uses the e-mailed link.
 */
export async function signInWithToken(ctx: Ctx, apiToken: string): Promise<NewSession | null> {
  requireRole(ctx.actor, 'system');
  const user = await ctx.repos.users.byTokenHash(await sha256Hex(apiToken.trim()));
  if (!user || user.role !== 'coordinator') return null;
  const { session, row } = await newSession(user, ctx.clock.now());
  await ctx.repos.webSessions.createSession(row);
  return session;
}

export interface SessionCaller {
  actor: Actor;
  user: UserRow;
  /** Set when the idle expiry moved forward: the cookie is sent again with this lifetime. */
  renewedMaxAgeSeconds: number | null;
  /** The language the pages are shown in: a mediator's language of messages, else Italian. */
  locale: 'it' | 'en';
}

/** The caller behind a session cookie, or null (unknown, expired, or the user revoked). Using a session keeps it alive. */
export async function sessionCaller(ctx: Ctx, token: string): Promise<SessionCaller | null> {
  requireRole(ctx.actor, 'system');
  const now = ctx.clock.now();
  const hash = await sha256Hex(token);
  const found = await ctx.repos.webSessions.sessionUser(hash, now);
  if (!found || !isUsable(found.user)) return null;
  const { user } = found;
  const role = user.role as Role;
  const idle = SIGN_IN_POLICY.idle[role];
  let renewedMaxAgeSeconds: number | null = null;
  if (now - found.lastSeenAt >= SIGN_IN_POLICY.touchEvery) {
    await ctx.repos.webSessions.touch(hash, now, now + idle);
    renewedMaxAgeSeconds = idle / 1000;
  }
  const locale = found.locale === 'en' ? 'en' : 'it';
  return { actor: actorOf(user), user, renewedMaxAgeSeconds, locale };
}

/** Ends one session (sign out on this device). */
export async function endSession(ctx: Ctx, token: string): Promise<void> {
  requireRole(ctx.actor, 'system');
  await ctx.repos.webSessions.endSession(await sha256Hex(token));
}

/** Ends every session of the calling user ("sign out on every device"). */
export async function endAllSessions(ctx: Ctx): Promise<void> {
  await ctx.repos.webSessions.endSessionsOf(ctx.actor.userId);
}

/** A new session of the user: the cookie's token and lifetime, and the row that stores only its hash. */
async function newSession(user: UserRow, now: number): Promise<{ session: NewSession; row: NewWebSession }> {
  const token = randomSecret(32);
  const idle = SIGN_IN_POLICY.idle[user.role as Role];
  return {
    session: { token, maxAgeSeconds: idle / 1000 },
    row: { tokenHash: await sha256Hex(token), userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + idle },
  };
}

/** Not revoked, and an account that may act (as for bearer tokens). */
function isUsable(user: UserRow): boolean {
  return user.revokedAt === null && accountProblem(user) === null;
}

async function localeOf(ctx: Ctx, user: UserRow): Promise<'it' | 'en'> {
  if (!user.mediatorId) return 'it';
  return (await ctx.repos.mediators.get(user.mediatorId))?.locale ?? 'it';
}

/** Forgets what sign-in no longer needs: requests older than the rate-limit window, expired links and sessions (the periodic job). */
export async function purgeSignIns(ctx: Ctx): Promise<void> {
  requireRole(ctx.actor, 'system');
  const now = ctx.clock.now();
  await ctx.repos.webSessions.purge(now - SIGN_IN_POLICY.window, now);
}
