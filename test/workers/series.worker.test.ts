import { describe } from 'vitest';
import { seriesScenarios } from '../scenarios/series.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('recurring series on Workers (workerd) + D1', () => seriesScenarios(() => makeWorkerTarget()));
