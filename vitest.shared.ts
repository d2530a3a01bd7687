// Tests run against the TypeScript sources of every workspace package (no build step, one
// module instance per package), so an element module that imports '@jitkit/corps' gets the
// same classes and tokens as the test that loaded it.
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

export const sharedConfig: ViteUserConfig = {
  resolve: {
    alias: [
      { find: /^@jitkit\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      { find: /^@jitkit\/([a-z-]+)\/(.+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    pool: 'forks',
  },
};
