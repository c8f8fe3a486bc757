import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
}

/**
 * Copies a live SQLite database to `destination` with SQLite's online backup API (better-sqlite3's
 * `backup()`): a consistent snapshot taken while the server keeps reading and writing, a few pages
 * at a time. The copy is written beside the destination, checked (`PRAGMA integrity_check`), made
 * owner-only (it holds the link secret) and only then renamed into place, so a half-written file
 * never carries the destination's name.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`No database at ${source}: is DATA_DIR right?`);
  if (existsSync(destination)) throw new Error(`${destination} exists already: choose a new name.`);
  mkdirSync(dirname(destination), { recursive: true, mode: 0o700 });
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const started = Date.now();
  const live = new BetterSqlite3(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    let pages = 0;
    await live.backup(partial, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        return 256; // pages per step; the writers get the database between steps
      },
    });
    chmodSync(partial, 0o600);
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`The copy failed its integrity check: ${String(check)}`);
      // A restored copy runs in WAL like the original; fold any WAL the check left into the file.
      copy.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      copy.close();
    }
    for (const companion of [`${partial}-wal`, `${partial}-shm`]) rmSync(companion, { force: true });
    renameSync(partial, destination);
    return { file: destination, bytes: statSync(destination).size, pages, ms: Date.now() - started };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    live.close();
  }
}
