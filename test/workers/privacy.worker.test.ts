import { describe } from 'vitest';
import { privacyScenarios } from '../scenarios/privacy.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('privacy on Workers (workerd) + D1', () =>
  privacyScenarios(async () => {
    const t = await makeWorkerTarget();
    const d1 = await t.mf.getD1Database('DB');
    return {
      ...t,
      runJobs: () => t.scheduled(),
      sql: async (statement: string) => {
        await d1.prepare(statement).run();
      },
    };
  }));
