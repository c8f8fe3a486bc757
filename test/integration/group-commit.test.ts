import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlText } from '../../db/database.js';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';

/**
 * Group commit on SQLite (db/sqlite-node.ts): the batches asked for in one turn of the event loop
 * share one write transaction, each in its own savepoint. Seen from a caller, a batch must behave
 * exactly as if it ran alone: all-or-nothing, in order, durable when its promise resolves.
 */
let dir: string;
let file: string;
let db: NodeDatabase;

const put = (k: string, v = 'x') => sqlText('INSERT INTO t (k, v) VALUES (?, ?)', [k, v]);
/** Changes a row only if `k` exists: a guard on what an earlier batch wrote. */
const touchIf = (k: string) => sqlText('UPDATE t SET v = v || ? WHERE k = ?', ['+', k]);
const keys = () => (db.sqlite.prepare('SELECT k FROM t ORDER BY k').pluck().all() as string[]).join(',');
/** Frames in the write-ahead log: every commit writes each page it changed, so N commits of one row write ≥ N frames. */
const walFrames = () => (db.sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]?.log ?? -1;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  file = join(dir, 'db.sqlite');
  db = openNodeDatabase(file);
  db.sqlite.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('batches asked for in the same turn', () => {
  it('commit together: ten one-row batches write the shared page once, where ten awaited one by one write it ten times', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => db.batch([put(`g${i}`)])));
    const grouped = walFrames();
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < 10; i++) await db.batch([put(`s${i}`)]);
    const alone = walFrames();

    expect(keys().split(',')).toHaveLength(20);
    expect(grouped).toBeLessThanOrEqual(2);
    expect(alone).toBeGreaterThanOrEqual(10);
  });

  it('run in the order they were asked for: a later batch sees what an earlier one wrote', async () => {
    const [first, second] = await Promise.all([db.batch([put('a')]), db.batch([touchIf('a'), touchIf('nobody')])]);
    expect(first).toEqual([1]);
    expect(second).toEqual([1, 0]);
    expect(db.sqlite.prepare("SELECT v FROM t WHERE k = 'a'").pluck().get()).toBe('x+');
  });

  it('stay all-or-nothing each: a failing batch rejects and leaves nothing, its neighbours commit', async () => {
    const outcomes = await Promise.allSettled([
      db.batch([put('a')]),
      db.batch([put('b'), put('a')]), // the second statement breaks the primary key
      db.batch([put('c')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(keys()).toBe('a,c');
    expect(db.sqlite.inTransaction).toBe(false);
  });

  it('are committed when they resolve: another connection already sees every row', async () => {
    const other = new BetterSqlite3(file, { readonly: true });
    try {
      const seen = await Promise.all(
        ['a', 'b', 'c'].map(async (k) => {
          await db.batch([put(k)]);
          return other.prepare('SELECT COUNT(*) FROM t WHERE k = ?').pluck().get(k);
        }),
      );
      expect(seen).toEqual([1, 1, 1]);
    } finally {
      other.close();
    }
  });

  it('meet alone the fate they would have met alone when the whole transaction is rolled back', async () => {
    // RAISE(ROLLBACK) ends the whole transaction, not only the statement's savepoint (as SQLITE_FULL would).
    db.sqlite.exec("CREATE TRIGGER doom BEFORE INSERT ON t WHEN NEW.k = 'doom' BEGIN SELECT RAISE(ROLLBACK, 'doomed'); END");
    const outcomes = await Promise.allSettled([db.batch([put('a')]), db.batch([put('doom')]), db.batch([put('b'), put('c')])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/doomed/);
    expect(keys()).toBe('a,b,c');
    expect(db.sqlite.inTransaction).toBe(false);
  });

  it('all fail within one busy_timeout, and nothing is written, while another process holds the write lock; the next ones succeed', async () => {
    db.sqlite.pragma('busy_timeout = 400');
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    const blocked = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => db.batch([put(`k${i}`)])));
    const waited = performance.now() - started;
    other.exec('ROLLBACK');
    other.close();
    expect(blocked.map((o) => o.status)).toEqual(Array(6).fill('rejected'));
    // One wait for the lock, not one more per batch (that would be 7 × 400 ms).
    expect(waited).toBeLessThan(1_600);
    expect(String((blocked[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
    expect(keys()).toBe('');
    await Promise.all([db.batch([put('a')]), db.batch([put('b')])]);
    expect(keys()).toBe('a,b');
  });
});

it('commits the batches asked for before the connection closes, instead of losing them', async () => {
  const pending = Promise.all([db.batch([put('a')]), db.batch([put('b')])]);
  db.close();
  expect(await pending).toEqual([[1], [1]]);
  db = openNodeDatabase(file); // afterEach closes it again
  expect(keys()).toBe('a,b');
});

it('a batch asked for alone still commits, and an empty one resolves to no changes', async () => {
  expect(await db.batch([put('a'), touchIf('a')])).toEqual([1, 1]);
  expect(await db.batch([])).toEqual([]);
  expect(keys()).toBe('a');
});
