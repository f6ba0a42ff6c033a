import { createRequire } from 'node:module';
import type { BillingProvider } from '@billbridge/core';
import { ValidationError } from '@billbridge/core';

/**
 * The optional peer packages a provider needs: its adapter and the official SDK under it. Only
 * the configured provider's are loaded, and only on its first call (see `createLazyProvider`).
 */
export const PROVIDER_PACKAGES = {
  stripe: ['@billbridge/stripe', 'stripe'],
  chargebee: ['@billbridge/chargebee', 'chargebee'],
} as const;

/** Resolves from this package's own location, as Node will when the adapter is imported. */
const requireHere = createRequire(import.meta.url);

/**
 * Which of `names` cannot be found from here. Resolution only: nothing is loaded or run.
 * `<name>/package.json` is resolved because it needs no build; a package whose `exports` hide it
 * (`ERR_PACKAGE_PATH_NOT_EXPORTED`) is installed all the same.
 */
export function findMissingPackages(names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      requireHere.resolve(`${name}/package.json`);
      return false;
    } catch (error) {
      return (error as { code?: unknown }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    }
  });
}

/** Throws a `ValidationError` naming the packages to install when any of `names` is missing. */
export function assertPackagesInstalled(provider: string, names: readonly string[], path: string): void {
  const missing = findMissingPackages(names);
  if (missing.length === 0) return;
  throw new ValidationError({
    issues: [
      {
        path,
        message: `"${provider}" needs ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed: npm install ${names.join(' ')}`,
      },
    ],
    context: 'createBillingClient',
  });
}

/**
 * The Stripe adapter's factory, loaded on demand. A literal `import()`, so bundlers see it; the
 * CommonJS build turns it into `require` (tsup.config.ts), so a CommonJS application gets the
 * adapter's CommonJS build and the same `@billbridge/core` as the umbrella.
 */
export async function importStripeFactory(): Promise<(settings: never) => BillingProvider> {
  return (await import('@billbridge/stripe')).createStripeProvider as (settings: never) => BillingProvider;
}

/** The Chargebee adapter's factory, loaded on demand (see `importStripeFactory`). */
export async function importChargebeeFactory(): Promise<(settings: never) => BillingProvider> {
  return (await import('@billbridge/chargebee')).createChargebeeProvider as (
    settings: never,
  ) => BillingProvider;
}
