import Stripe from 'stripe';
import { withoutSdkCallSite } from '../../packages/stripe/src/without-sdk-call-site.js';

/**
 * Setup file of the test runner's `shared` project (vitest.config.ts): stripe-node requests made
 * in a test worker start without stripe-node's call-site capture, as billbridge's Stripe provider
 * starts its own (packages/stripe/src/without-sdk-call-site.ts).
 *
 * stripe-node takes `new Error().stack` on every request (`StripeResource._makeRequest`). In a
 * vitest worker that string goes through Vite's source-map interceptor (vitest installs it as
 * `Error.prepareStackTrace`; its option is fixed), which clones and maps every frame: 173 µs of CPU
 * for a stack ten frames deep in a worker, against 12 µs in plain Node. The suite's tests make
 * ~7 000 stripe-node requests in its workers (seeding through the in-process dispatcher, and the
 * SDK against the emulator over HTTP); timed inside stripe-node in one run, the stacks took ~2 s
 * of the workers' time, for stacks nobody reads (BENCHMARKS.md, "Ninth session"). The requests, their
 * answers and their errors are the same; an error stripe-node rejects with lacks the frames of the
 * test line that made the request (it keeps stripe-node's own). The bins the tests spawn, and the
 * bench, run stripe-node untouched.
 *
 * Applied once per worker (files of the project share the module cache, so `stripe` is one module
 * instance in a worker).
 */
const applied = Symbol.for('billbridge.test.skipStripeCallSite');

interface StripeResourcePrototype {
  _makeRequest(...args: unknown[]): unknown;
  [applied]?: true;
}

const resource = (Stripe as unknown as { StripeResource: { prototype: StripeResourcePrototype } })
  .StripeResource.prototype;

if (resource[applied] !== true) {
  const makeRequest = resource._makeRequest;
  resource._makeRequest = function (this: unknown, ...args: unknown[]) {
    return withoutSdkCallSite(() => makeRequest.apply(this, args));
  };
  resource[applied] = true;
}
