/**
 * npm run backup [-- <destination file>]: a consistent copy of the running service's SQLite database
 * (DATA_DIR, as the server reads it), taken online. Default destination: ./backups/<database>-<UTC time>.sqlite.
 * Restoring: see README, "Backups".
 */
import { join } from 'node:path';
import { backupDatabase } from '../db/backup.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { DATABASE_FILE } from '../src/node.js';

try {
  const config = parseConfig(process.env);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const destination = process.argv[2] ?? join('backups', `${DATABASE_FILE.replace(/\.sqlite$/, '')}-${stamp}.sqlite`);
  const result = await backupDatabase(join(config.DATA_DIR, DATABASE_FILE), destination);
  console.log(`backup written: ${result.file} (${result.pages} pages, ${result.bytes} bytes, ${result.ms} ms)`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `backup failed: ${(error as Error).message}`);
  process.exit(1);
}
