import { describe } from 'vitest';
import { seriesScenarios } from '../scenarios/series.js';
import { makeHarness } from '../support/harness.js';

describe('recurring series on Node + better-sqlite3', () => seriesScenarios(() => makeHarness()));
