import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: the load, crash, mail-outage, fuzz and authorisation parts (test/reliability). */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
