import { describe } from 'vitest';
import { webhookScenarios } from '../scenarios/webhooks.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('webhooks on Workers (workerd) + D1', () =>
  webhookScenarios(async () => {
    const t = await makeWorkerTarget({ bindings: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    return { ...t, jobs: () => t.scheduled() };
  }));
