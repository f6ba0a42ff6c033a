import type { HttpClientInterface } from 'chargebee';
import Stripe from 'stripe';
import type {
  DispatchedAnswer,
  DispatchedRequest,
} from '../../packages/emulator/src/create-emulator-server.js';
import type { RunningEmulator } from '../../packages/emulator/src/start-emulator.js';

/**
 * SDK HTTP clients that hand each request to an emulator in this process (`dispatch`: the same
 * pipeline as a socket's, log and faults included, minus Node's HTTP parsing), for tests that seed
 * thousands of records through stripe-node or chargebee-node before the part they test: the same
 * SDK calls and routes, at about a fifth of the CPU of a loopback round trip each (400 invoices:
 * 1 090–1 445 ms of CPU over HTTP, 227–407 ms dispatched). What a test checks still goes over
 * real HTTP: the bin, the workers and the adapters under test never use these.
 */

/** An emulator's in-process entry (`startEmulatorWith(...).dispatch`). */
export type Dispatch = (request: DispatchedRequest) => Promise<DispatchedAnswer>;

const stringValues = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));

const resetError = () => Object.assign(new Error('the emulator reset the request'), { code: 'ECONNRESET' });

class DispatchedStripeResponse extends Stripe.HttpClientResponse {
  readonly #body: string;
  constructor(answer: Exclude<DispatchedAnswer, 'reset'>) {
    super(answer.status, stringValues(answer.headers));
    this.#body = answer.body;
  }
  /** stripe-node hangs the status and headers on this (`lastResponse`). */
  override getRawResponse(): object {
    return {};
  }
  override toStream(): never {
    throw new Error('a dispatched response has no stream');
  }
  override toJSON(): Promise<unknown> {
    return Promise.resolve().then(() => JSON.parse(this.#body));
  }
}

class DispatchingStripeHttpClient extends Stripe.HttpClient {
  readonly #dispatch: Dispatch;
  constructor(dispatch: Dispatch) {
    super();
    this.#dispatch = dispatch;
  }
  override getClientName(): string {
    return 'emulator-dispatch';
  }
  override async makeRequest(
    _host: string,
    _port: string,
    path: string,
    method: string,
    headers: Record<string, string | number | string[]>,
    requestData: string,
  ): Promise<Stripe.HttpClientResponse> {
    const answer = await this.#dispatch({
      method,
      url: path,
      headers: stringValues(headers),
      body: requestData,
    });
    if (answer === 'reset') throw resetError();
    return new DispatchedStripeResponse(answer);
  }
}

/** For `new Stripe(key, { ...emulator.stripe, httpClient })`. */
export function dispatchingStripeHttpClient(dispatch: Dispatch): Stripe.HttpClient {
  return new DispatchingStripeHttpClient(dispatch);
}

/** For `new Chargebee({ apiKey, ...emulator.chargebee, httpClient })`. */
export function dispatchingChargebeeHttpClient(dispatch: Dispatch): HttpClientInterface {
  return {
    async makeApiRequest(request) {
      const url = new URL(request.url);
      const body = request.method === 'GET' ? undefined : await request.text();
      const answer = await dispatch({
        method: request.method,
        url: url.pathname + url.search,
        headers: Object.fromEntries(request.headers),
        ...(body === undefined ? {} : { body }),
      });
      if (answer === 'reset') throw resetError();
      return new Response(answer.body, { status: answer.status, headers: stringValues(answer.headers) });
    },
  };
}

/** An emulator's SDK options (`startEmulatorWith`), with requests dispatched in this process. */
export function dispatchedSdkOptions(
  emulator: Pick<RunningEmulator, 'stripe' | 'chargebee'> & { dispatch: Dispatch },
): {
  stripe: RunningEmulator['stripe'] & { httpClient: Stripe.HttpClient };
  chargebee: RunningEmulator['chargebee'] & { httpClient: HttpClientInterface };
} {
  return {
    stripe: { ...emulator.stripe, httpClient: dispatchingStripeHttpClient(emulator.dispatch) },
    chargebee: { ...emulator.chargebee, httpClient: dispatchingChargebeeHttpClient(emulator.dispatch) },
  };
}
