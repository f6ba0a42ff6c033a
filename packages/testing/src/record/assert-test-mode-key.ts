/** The providers record mode can record. */
export type RecordProvider = 'stripe' | 'chargebee';

/** Thrown when record mode is asked to use a live key or a key that is not clearly a test key. */
export class LiveKeyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveKeyRefusedError';
  }
}

/** The first characters of a key, enough to name its kind and never enough to use it. */
function keyKind(key: string): string {
  const match = /^([a-z]+_(?:live|test)_|(?:live|test)_)/.exec(key);
  return match ? `${match[1]}…` : 'a key of unknown kind';
}

/**
 * Refuses anything but a test-mode key before record mode talks to a provider. Stripe: only
 * `sk_test_` / `rk_test_` keys (`sk_live_`, `rk_live_`, publishable and unknown keys are refused).
 * Chargebee: only `test_` keys (`live_` keys and unknown kinds are refused), and `site` is
 * required and must be a test site (`…-test`). The message names the kind of key, never the key.
 */
export function assertTestModeKey(provider: RecordProvider, apiKey: string | undefined, site?: string): void {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new LiveKeyRefusedError(
      `record mode (${provider}): no API key. Set ${provider === 'stripe' ? 'STRIPE_SECRET_KEY to a sk_test_… key' : 'CHARGEBEE_API_KEY to a test site key'}.`,
    );
  }
  if (provider === 'stripe') {
    if (/^(?:sk|rk)_live_/.test(apiKey)) {
      throw new LiveKeyRefusedError(
        `record mode (stripe): refusing a live key (${keyKind(apiKey)}). Recording runs real voids and credit notes; use a test-mode key (sk_test_… or rk_test_…).`,
      );
    }
    if (!/^(?:sk|rk)_test_[A-Za-z0-9]+$/.test(apiKey)) {
      throw new LiveKeyRefusedError(
        `record mode (stripe): ${keyKind(apiKey)} is not a test-mode secret key; use sk_test_… or rk_test_….`,
      );
    }
    return;
  }
  if (/^live_/.test(apiKey)) {
    throw new LiveKeyRefusedError(
      'record mode (chargebee): refusing a live key (live_…). Recording runs real voids and credit notes; use a test site and its test_… key.',
    );
  }
  if (!/^test_[A-Za-z0-9]+$/.test(apiKey)) {
    throw new LiveKeyRefusedError(
      `record mode (chargebee): ${keyKind(apiKey)} is not a test site key; use a test_… key of a …-test site.`,
    );
  }
  // Required: without a site neither the test-site check nor the site's scrubbing could run.
  if (typeof site !== 'string' || site.trim() === '') {
    throw new LiveKeyRefusedError(
      "record mode (chargebee): no site. Pass the test site's name as `site` (RecordMode.site; CHARGEBEE_SITE for readRecordMode), e.g. acme-test.",
    );
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*-test$/.test(site)) {
    throw new LiveKeyRefusedError(
      'record mode (chargebee): the site is not a test site (its name must end in "-test", e.g. acme-test).',
    );
  }
}
