import { describe } from 'vitest';
import { safetyScenarios } from '../scenarios/safety.js';
import { makeHarness } from '../support/harness.js';

describe('safety on Node + better-sqlite3', () => safetyScenarios(() => makeHarness()));
