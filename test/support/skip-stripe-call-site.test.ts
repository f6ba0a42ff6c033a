import Stripe from 'stripe';
import { expect, it } from 'vitest';

/** An HTTP client that refuses every request, as a dropped connection would. */
class RefusingHttpClient extends Stripe.HttpClient {
  override getClientName(): string {
    return 'refusing';
  }
  override makeRequest(): Promise<Stripe.HttpClientResponse> {
    return Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
  }
}

const thisFile = 'skip-stripe-call-site.test.ts';

it("stripe-node's requests in a test worker start without its call-site capture (skip-stripe-call-site.ts)", async () => {
  // A stack taken here names this file: the check below can see a call site when there is one.
  expect(new Error('here').stack).toContain(thisFile);
  const stripe = new Stripe('sk_test_billbridgeCallSite', {
    httpClient: new RefusingHttpClient(),
    maxNetworkRetries: 0,
  });
  const limit = Error.stackTraceLimit;
  const error = await stripe.invoices.retrieve('in_callsite').catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  // stripe-node appends the call site it captured after its marker; here that capture had no frames.
  const stack = String((error as Error).stack);
  expect(stack).toContain('Originating from:');
  expect(stack.slice(stack.indexOf('Originating from:'))).not.toContain(thisFile);
  expect(Error.stackTraceLimit).toBe(limit);
});
