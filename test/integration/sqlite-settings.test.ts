import { expect, it } from 'vitest';
import { openNodeDatabase } from '../../db/sqlite-node.js';

it('opens SQLite in WAL mode with foreign keys on, synchronous NORMAL and a busy timeout', () => {
  const db = openNodeDatabase(':memory:');
  try {
    const pragma = (name: string) => db.sqlite.pragma(name, { simple: true });
    // An in-memory database cannot use WAL; a file can (the e2e tests open files).
    expect(pragma('journal_mode')).toBe('memory');
    expect([pragma('foreign_keys'), pragma('synchronous'), pragma('busy_timeout')]).toEqual([1, 1, 5000]);
  } finally {
    db.close();
  }
});
