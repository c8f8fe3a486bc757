import { describe } from 'vitest';
import { webhookScenarios } from '../scenarios/webhooks.js';
import { makeHarness } from '../support/harness.js';

describe('webhooks on Node + better-sqlite3', () =>
  webhookScenarios(async () => {
    const h = await makeHarness({ config: { webhooks: { allowPrivate: true, maxAttempts: 8, timeoutMs: 5000 } } });
    return { ...h, jobs: () => h.runJobs(null) };
  }));
