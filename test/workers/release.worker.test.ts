import { describe } from 'vitest';
import { releaseScenarios } from '../scenarios/release.js';
import { makeWorkerTarget } from '../support/worker-target.js';

describe('releasing bookings on Workers (workerd) + D1', () => releaseScenarios(() => makeWorkerTarget()));
