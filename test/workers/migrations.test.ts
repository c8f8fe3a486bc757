import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../db/sqlite-node.js';

const run = promisify(execFile);
const TRACKERS = /^(d1_migrations|__drizzle_migrations|_cf_.*|sqlite_.*)$/;

function schemaOf(db: BetterSqlite3.Database): string[] {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all() as Array<{ type: string; name: string; sql: string }>;
  return rows.filter((r) => !TRACKERS.test(r.name) && !TRACKERS.test(r.name.replace(/^.*_autoindex_/, ''))).map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ')}`);
}

describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-d1-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('apply with `wrangler d1 migrations apply --local` to the same schema and seed as the Node migrator', async () => {
    const { stdout } = await run(
      process.execPath,
      ['node_modules/wrangler/bin/wrangler.js', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
      { env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' }, timeout: 60_000 },
    );
    expect(stdout).toContain('0001_seed_areas.sql');
    const d1Dir = join(dir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
    const file = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
    expect(file).toBeDefined();
    const d1 = new BetterSqlite3(join(d1Dir, file as string), { readonly: true });
    const node = openNodeDatabase(':memory:');
    try {
      expect(schemaOf(d1)).toEqual(schemaOf(node.sqlite));
      expect(d1.prepare('SELECT COUNT(*) AS n FROM areas').get()).toEqual({ n: 8 });
      expect(d1.prepare('SELECT COUNT(*) AS n FROM area_travel').get()).toEqual({ n: 64 });
      expect(d1.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      d1.close();
      node.close();
    }
  }, 90_000);
});
