import { describe } from 'vitest';
import { bookingScenarios } from '../scenarios/booking.js';
import { makeHarness } from '../support/harness.js';

describe('booking on Node + better-sqlite3', () => bookingScenarios(() => makeHarness()));
