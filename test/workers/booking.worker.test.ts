import { describe } from 'vitest';
import { bookingScenarios } from '../scenarios/booking.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('booking on Workers (workerd) + D1', () => bookingScenarios(() => makeWorkerTarget()));
