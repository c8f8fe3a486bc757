import { describe } from 'vitest';
import { offerScenarios } from '../scenarios/offers.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('offers on Workers (workerd) + D1', () => offerScenarios(() => makeWorkerTarget()));
