import { describe } from 'vitest';
import { IMPORT_ROWS_PER_ROUND } from '../../src/jobs.js';
import { rosterImportScenarios } from '../scenarios/roster-import.js';
import { makeHarness } from '../support/harness.js';

describe('the roster import on Node + better-sqlite3', () =>
  rosterImportScenarios(async () => {
    const h = await makeHarness();
    return { ...h, jobs: () => h.runJobs(null) };
  }, IMPORT_ROWS_PER_ROUND));
