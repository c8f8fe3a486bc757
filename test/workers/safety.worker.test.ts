import { describe } from 'vitest';
import { safetyScenarios } from '../scenarios/safety.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('safety on Workers (workerd) + D1', () => safetyScenarios(() => makeWorkerTarget()));
