import { describe } from 'vitest';
import { reportScenarios } from '../scenarios/reports.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('reports on Workers (workerd) + D1', () => reportScenarios(() => makeWorkerTarget()));
