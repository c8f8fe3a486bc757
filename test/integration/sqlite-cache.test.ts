import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openNodeDatabase, WAL_AUTOCHECKPOINT_PAGES } from '../../db/sqlite-node.js';
import { parseConfig } from '../../src/config.js';
import { silentLogger } from '../../src/deps.js';
import { openNodeRuntime } from '../../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-cache-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cacheKiB = (sqlite: { pragma(p: string, o: { simple: true }): unknown }) => -Number(sqlite.pragma('cache_size', { simple: true }));

it("opens SQLite with a 2 MiB page cache unless told otherwise (better-sqlite3's own default is 16 MiB)", () => {
  const db = openNodeDatabase(':memory:');
  const big = openNodeDatabase(':memory:', { cacheMiB: 32 });
  try {
    expect([cacheKiB(db.sqlite), cacheKiB(big.sqlite)]).toEqual([2048, 32 * 1024]);
  } finally {
    db.close();
    big.close();
  }
});

it('gives the service the cache SQLITE_CACHE_MB asks for', async () => {
  const runtime = await openNodeRuntime(parseConfig({ DATA_DIR: dir, SQLITE_CACHE_MB: '8' }), { logger: silentLogger });
  try {
    expect(cacheKiB(runtime.db.sqlite)).toBe(8 * 1024);
  } finally {
    runtime.db.close();
  }
});

it('keeps statement and savepoint journals in memory and checkpoints the WAL every 4,000 pages', () => {
  const db = openNodeDatabase(join(dir, 'pragmas.sqlite'));
  try {
    // temp_store 2 = MEMORY; better-sqlite3's build default (1) spills journals past 64 KiB to temp files.
    expect(db.sqlite.pragma('temp_store', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(WAL_AUTOCHECKPOINT_PAGES).toBe(4000);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  } finally {
    db.close();
  }
});
