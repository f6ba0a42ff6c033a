/**
 * Stripe keys and webhook secrets as they can appear in text (`sk_test_…`, `rk_live_…`, `whsec_…`),
 * also right after a letter or digit (`%20sk_test_…` in an encoded header, `xsk_test_…` in an
 * echoed body): a word boundary missed those, and with an injected client the key itself is not
 * known to match verbatim. Over-redacting a word that merely ends so (`task_test_…`) is the price.
 */
const secretPattern = /(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9*]+|whsec_[A-Za-z0-9*]+/g;

/** Removes Stripe secrets (and the given key verbatim) from a message. */
export function redactStripeSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 8) out = out.split(apiKey).join('[redacted]');
  return out.replace(secretPattern, '[redacted]');
}
