import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { mediators, signInLinks, signInRequests, users, webSessions } from '../schema.js';
import type { UserRow } from './users.js';

/** A live session's user, and for a mediator their language of messages. */
export interface SessionUser {
  user: UserRow;
  lastSeenAt: number;
  locale: string | null;
}

export type NewWebSession = typeof webSessions.$inferInsert;

/** Sign-in links, sign-in requests and web sessions (src/operations/sign-in.ts owns the rules). */
export function webSessionsRepository(db: Database) {
  // Every page request reads it: prepared once. A revoked user's sessions end with the user. The
  // mediator's language of messages comes with it: the pages follow it, without a second read.
  const bySession = db.orm
    .select({ user: users, lastSeenAt: webSessions.lastSeenAt, locale: mediators.locale })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .leftJoin(mediators, eq(mediators.id, users.mediatorId))
    .where(and(eq(webSessions.tokenHash, sql.placeholder('hash')), isNull(users.revokedAt), gt(webSessions.expiresAt, sql.placeholder('now'))))
    .prepare();
  return {
    /** Records one sign-in request and answers how many the address and the client made since `since` (this one included). */
    async recordRequest(r: { id: string; addressHash: string; clientHash: string; at: number }, since: number): Promise<{ byAddress: number; byClient: number }> {
      await db.exec(db.orm.insert(signInRequests).values(r));
      const [counts] = await db.all<{ byAddress: number; byClient: number }>(sql`SELECT
          (SELECT count(*) FROM sign_in_requests WHERE address_hash = ${r.addressHash} AND at > ${since}) AS byAddress,
          (SELECT count(*) FROM sign_in_requests WHERE client_hash = ${r.clientHash} AND at > ${since}) AS byClient`);
      return { byAddress: Number(counts?.byAddress ?? 0), byClient: Number(counts?.byClient ?? 0) };
    },

    async activeUserByEmail(email: string): Promise<UserRow | undefined> {
      return (await db.orm.select().from(users).where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.revokedAt))).limit(1))[0];
    },

    async createLink(link: typeof signInLinks.$inferInsert): Promise<void> {
      await db.exec(db.orm.insert(signInLinks).values(link));
    },

    /** A link not used, not expired, of an active user — read without using it (the page before the button). */
    async usableLink(tokenHash: string, now: number): Promise<UserRow | undefined> {
      const [row] = await db.orm
        .select({ user: users })
        .from(signInLinks)
        .innerJoin(users, eq(users.id, signInLinks.userId))
        .where(and(eq(signInLinks.tokenHash, tokenHash), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now), isNull(users.revokedAt)));
      return row?.user;
    },

    /**
     * Uses the link and opens the session in one batch: the session row is inserted only if this very
     * statement marked the link used, so two clicks can never both sign in.
     */
    async redeemLink(tokenHash: string, session: NewWebSession, now: number): Promise<boolean> {
      const [used] = await db.batch([
        sql`UPDATE sign_in_links SET used_at = ${now} WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
          AND user_id = ${session.userId} AND EXISTS (SELECT 1 FROM users WHERE id = ${session.userId} AND revoked_at IS NULL)`,
        sql`INSERT INTO web_sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
          SELECT ${session.tokenHash}, ${session.userId}, ${session.createdAt}, ${session.lastSeenAt}, ${session.expiresAt}
          WHERE (SELECT used_at FROM sign_in_links WHERE token_hash = ${tokenHash}) = ${now}`,
      ]);
      return (used ?? 0) > 0;
    },

    async createSession(session: NewWebSession): Promise<void> {
      await db.exec(db.orm.insert(webSessions).values(session));
    },

    async sessionUser(tokenHash: string, now: number): Promise<SessionUser | undefined> {
      return (await bySession.get({ hash: tokenHash, now })) as SessionUser | undefined;
    },

    async touch(tokenHash: string, now: number, expiresAt: number): Promise<void> {
      await db.exec(sql`UPDATE web_sessions SET last_seen_at = ${now}, expires_at = ${expiresAt} WHERE token_hash = ${tokenHash}`);
    },

    async endSession(tokenHash: string): Promise<void> {
      await db.exec(sql`DELETE FROM web_sessions WHERE token_hash = ${tokenHash}`);
    },

    async endSessionsOf(userId: string): Promise<void> {
      await db.exec(sql`DELETE FROM web_sessions WHERE user_id = ${userId}`);
    },

    /** Old requests, used or expired links and expired sessions (the periodic job). */
    async purge(before: number, now: number): Promise<void> {
      await db.batch([
        sql`DELETE FROM sign_in_requests WHERE at < ${before}`,
        sql`DELETE FROM sign_in_links WHERE expires_at < ${now}`,
        sql`DELETE FROM web_sessions WHERE expires_at < ${now}`,
      ]);
    },
  };
}

export type WebSessionsRepository = ReturnType<typeof webSessionsRepository>;
