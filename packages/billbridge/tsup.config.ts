import { defineConfig } from 'tsup';
import { packageBuildConfig } from '../../tsup.base.js';

export default defineConfig({
  ...packageBuildConfig,
  // `billbridge/stripe` and `billbridge/chargebee` re-export the adapters (optional peers); the
  // `billbridge` bin is dist/cli/main.js (shebang kept).
  entry: ['src/index.ts', 'src/stripe.ts', 'src/chargebee.ts', 'src/cli/main.ts'],
  // `import.meta.url` (the peer-package lookup) in the CommonJS build.
  shims: true,
  esbuildOptions(options, context) {
    // The CommonJS build loads an adapter with `require`, so a CommonJS application gets the
    // adapter's CommonJS build and shares the umbrella's @billbridge/core (no dual instance).
    if (context.format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
});
