import { describe } from 'vitest';
import { reportScenarios } from '../scenarios/reports.js';
import { makeHarness } from '../support/harness.js';

describe('reports on Node + better-sqlite3', () => reportScenarios(() => makeHarness()));
