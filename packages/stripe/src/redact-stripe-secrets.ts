/** Stripe keys and webhook secrets as they can appear in text (`sk_test_…`, `rk_live_…`, `whsec_…`). */
const secretPattern = /\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9*]+|\bwhsec_[A-Za-z0-9*]+/g;

/** Removes Stripe secrets (and the given key verbatim) from a message. */
export function redactStripeSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 8) out = out.split(apiKey).join('[redacted]');
  return out.replace(secretPattern, '[redacted]');
}
