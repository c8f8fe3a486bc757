import { describe } from 'vitest';
import { privacyScenarios } from '../scenarios/privacy.js';
import { makeHarness } from '../support/harness.js';

describe('privacy on Node + SQLite', () =>
  privacyScenarios(async () => {
    const h = await makeHarness();
    return {
      ...h,
      runJobs: () => h.runJobs(null),
      sql: async (statement: string) => {
        h.db.sqlite.prepare(statement).run();
      },
    };
  }));
