import { describe } from 'vitest';
import { dispatcherFor, runJobs, systemCtx } from '../../src/jobs.js';
import { httpMailTransport } from '../../src/mail/http.js';
import { httpSmsTransport } from '../../src/mail/sms.js';
import { slipAndSmsScenarios } from '../scenarios/slip-sms.js';
import { makeHarness } from '../support/harness.js';

describe("the beneficiary's slip and SMS on Node + better-sqlite3", () =>
  slipAndSmsScenarios(async (gateways) => {
    const h = await makeHarness({ config: { smsGateway: true } });
    const ctx = systemCtx(h.deps, h.repos);
    const dispatcher = dispatcherFor(ctx, httpMailTransport({ url: gateways.mail, apiKey: 'mail-key' }), httpSmsTransport({ url: gateways.sms, apiKey: 'sms-key' }));
    return { ...h, jobs: () => runJobs(ctx, dispatcher) };
  }));
