import { describe } from 'vitest';
import { releaseScenarios } from '../scenarios/release.js';
import { makeHarness } from '../support/harness.js';

describe('releasing bookings on Node + better-sqlite3', () => releaseScenarios(() => makeHarness()));
