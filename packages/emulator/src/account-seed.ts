/**
 * A small stable number from an account id (a Stripe account, a Chargebee site), so each account
 * has its own id sequences: object ids (Stripe) and webhook event ids (both).
 */
export function accountSeed(account: string): number {
  let hash = 2166136261;
  for (let index = 0; index < account.length; index += 1) {
    hash ^= account.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
