import { describe } from 'vitest';
import { slipAndSmsScenarios } from '../scenarios/slip-sms.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe("the beneficiary's slip and SMS on Workers (workerd) + D1", () =>
  slipAndSmsScenarios(async (gateways) => {
    const t = await makeWorkerTarget({
      bindings: { SMS_HTTP_URL: gateways.sms, SMS_HTTP_API_KEY: 'sms-key', MAIL_HTTP_URL: gateways.mail, MAIL_HTTP_API_KEY: 'mail-key' },
    });
    return { ...t, jobs: () => t.scheduled() };
  }));
