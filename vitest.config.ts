import { defineConfig } from 'vitest/config';

// Tiers by suffix: *.unit.test.ts, *.integration.test.ts (real local endpoints), *.infra.test.ts (CDK template).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
