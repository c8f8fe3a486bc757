import { describe } from 'vitest';
import { rosterImportScenarios } from '../scenarios/roster-import.js';
import { WORKER_IMPORT_ROWS_PER_ROUND } from '../../src/jobs.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('the roster import on Workers (workerd) + D1', () =>
  rosterImportScenarios(async () => {
    const t = await makeWorkerTarget();
    return { ...t, jobs: () => t.scheduled() };
  }, WORKER_IMPORT_ROWS_PER_ROUND));
