import { describe } from 'vitest';
import { truthScenarios } from '../scenarios/truths.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('small truths on Workers (workerd) + D1', () => truthScenarios(() => makeWorkerTarget()));
