import { describe } from 'vitest';
import { offerScenarios } from '../scenarios/offers.js';
import { makeHarness } from '../support/harness.js';

describe('offers on Node + better-sqlite3', () => offerScenarios(() => makeHarness()));
